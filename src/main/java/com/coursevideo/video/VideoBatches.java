package com.coursevideo.video;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.error.Problem;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.Ids;
import com.coursevideo.http.JsonBody;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Batch create, update and delete: each item succeeds or fails on its own, and the answer lists
 * every item's result in input order. The body is read whole first, so one that is malformed as
 * a whole changes nothing. Each item is one statement of its own, through a {@link VideoStore.Batch}:
 * the batch's cache entries are invalidated together once its items are written, and the Cloudflare
 * work it causes (settings, deletions), queued in the items' statements, starts at background
 * priority, so a batch takes only what the fleet's Cloudflare budget leaves user-facing calls.
 */
@ApplicationScoped
public class VideoBatches {

    static final int MAX_CREATES = 500;
    static final int MAX_IDS = 1000;
    /** Items written at once: a batch is many short statements, not a pool's worth of them. */
    private static final int CONCURRENCY = 8;

    private final VideoStore store;

    VideoBatches(VideoStore store) {
        this.store = store;
    }

    /** One item's result: its place in the request, its status, and the video, the id or the problem. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(int index, int status, CourseVideo video, UUID id, Problem error) {

        static Result failed(int index, VideoError error) {
            Problem problem = Problem.of(error);
            return new Result(index, problem.status(), null, null, problem);
        }
    }

    @RegisterForReflection
    public record Answer(List<Result> results) {
    }

    /** {@code {"videos": [<create body>, …]}}, 1 to 500. */
    public Uni<Answer> create(JsonBody body) {
        List<JsonNode> items = array(body, "videos", MAX_CREATES);
        List<Object> read = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            try {
                read.add(NewVideo.read(JsonBody.of(object(item))));
            } catch (VideoError invalid) {
                read.add(invalid);
            }
        }
        // two creates for one lesson or one uid conflict: the earlier one must be written first
        return write(read.size(), index -> read.get(index) instanceof NewVideo video
                ? List.of("lesson " + video.courseId() + " " + video.lessonId(), "uid " + video.cloudflareVideoId())
                : List.of(), (batch, index) -> {
                    if (read.get(index) instanceof VideoError invalid) {
                        return Uni.createFrom().item(Result.failed(index, invalid));
                    }
                    return batch.create((NewVideo) read.get(index))
                            .map(created -> new Result(index, 201, created, null, null));
                });
    }

    /** {@code {"ids": [uuid, …], "set": {<PATCH body>}}}, 1 to 1,000 ids. */
    public Uni<Answer> update(JsonBody body) {
        List<UUID> ids = ids(body);
        VideoPatch patch = VideoPatch.read(JsonBody.of(body.required("set", JsonBody::object)));
        // a patch that moves videos to one lesson makes every item a rival of every other
        boolean movesLesson = patch.changes().containsKey(VideoField.LESSON_ID);
        return write(ids.size(), index -> movesLesson ? List.of("lesson") : List.of("id " + ids.get(index)),
                (batch, index) -> batch.update(ids.get(index), patch)
                        .onItem().ifNull().failWith(() -> VideoError.videoNotFound(ids.get(index)))
                        .map(updated -> new Result(index, 200, updated.video(), null, null)));
    }

    /** {@code {"ids": [uuid, …], "delete_from_cloudflare": bool}}, 1 to 1,000 ids. */
    public Uni<Answer> delete(JsonBody body) {
        List<UUID> ids = ids(body);
        boolean fromCloudflare = Objects.requireNonNullElse(body.optional("delete_from_cloudflare", JsonBody::bool), false);
        return write(ids.size(), index -> List.of("id " + ids.get(index)),
                (batch, index) -> batch.delete(ids.get(index), fromCloudflare)
                        .onItem().ifNull().failWith(() -> VideoError.videoNotFound(ids.get(index)))
                        .map(deleted -> new Result(index, 204, null, ids.get(index), null)));
    }

    /**
     * Writes the items, as if one after another in input order: items that share a key (a lesson, a
     * uid, an id) are written in that order, one at a time; items that share none, concurrently.
     *
     * @param keysOf what an item could conflict over
     */
    private Uni<Answer> write(int count, Function<Integer, List<String>> keysOf,
            BiFunction<VideoStore.Batch, Integer, Uni<Result>> item) {
        VideoStore.Batch batch = store.batch();
        return Multi.createFrom().iterable(BatchChains.of(count, keysOf))
                .onItem().transformToUni(chain -> Multi.createFrom().iterable(chain)
                        .onItem().transformToUniAndConcatenate(index -> item.apply(batch, index)
                                .onFailure(VideoError.class).recoverWithItem(error -> Result.failed(index, (VideoError) error)))
                        .collect().asList())
                .merge(CONCURRENCY)
                .onItem().<Result> disjoint()
                .collect().asList()
                // what was written is settled even if something failed on the way
                .onTermination().call(batch::settle)
                .map(results -> new Answer(results.stream().sorted(Comparator.comparingInt(Result::index)).toList()));
    }

    private static List<UUID> ids(JsonBody body) {
        List<UUID> ids = new ArrayList<>();
        for (JsonNode id : array(body, "ids", MAX_IDS)) {
            ids.add(Ids.parse("ids", JsonBody.text("ids", id)));
        }
        return ids;
    }

    private static List<JsonNode> array(JsonBody body, String field, int max) {
        JsonNode value = body.required(field, (name, node) -> node);
        if (!(value instanceof ArrayNode array) || array.isEmpty() || array.size() > max) {
            throw VideoError.invalidInput(field + " must be an array of 1 to " + max + " items");
        }
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static ObjectNode object(JsonNode item) {
        if (!item.isObject()) {
            throw VideoError.invalidInput("each video must be a JSON object");
        }
        return (ObjectNode) item;
    }
}
