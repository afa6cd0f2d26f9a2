package com.coursevideo.video;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;

import com.coursevideo.access.Viewer;
import com.coursevideo.cloudflare.CloudflareOutbox;
import com.coursevideo.cloudflare.CloudflareOutbox.Action;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.Page;
import com.coursevideo.sync.SyncConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * Reads go through the cache; writes go to PostgreSQL and then invalidate what they changed,
 * before the caller answers.
 */
@ApplicationScoped
public class VideoService {

    private final VideoRepository videos;
    private final VideoCache cache;
    private final CloudflareOutbox outbox;
    private final ObjectMapper json;
    private final SyncConfig sync;
    /** The length of the shortest JSON a video can have: a list text shorter than n + 1 of these holds at most n videos. */
    private final int smallestVideoJson;

    VideoService(VideoRepository videos, VideoCache cache, CloudflareOutbox outbox, ObjectMapper json, SyncConfig sync) {
        this.videos = videos;
        this.cache = cache;
        this.outbox = outbox;
        this.json = json;
        this.sync = sync;
        // every field at its shortest: "" over null, {} over null, 0.0 over null, true over false
        OffsetDateTime epoch = Instant.EPOCH.atOffset(ZoneOffset.UTC);
        UUID zero = new UUID(0, 0);
        this.smallestVideoJson = json(new CourseVideo(zero, zero, "", "", "", "", 0.0, "", VideoStatus.READY, "", "",
                0, "", json.createObjectNode(), true, true, null, null, epoch, epoch)).length();
    }

    /** A page of every course's videos (admins: not cached, as searches seldom repeat), with the Link to the next. */
    public Uni<RestResponse<List<CourseVideo>>> search(VideoSearch search, Page page, UriInfo request) {
        return videos.search(search, page, sync.stuckAfter())
                .map(found -> page.answer(found, request, search::cursor));
    }

    /** A video that requires signed URLs has the setting sent to Cloudflare after the answer (queued with the row). */
    public Uni<CourseVideo> create(NewVideo video) {
        return videos.insert(video)
                .call(created -> cache.invalidate(null, created.state()))
                .invoke(created -> {
                    if (created.requireSignedUrls()) {
                        outbox.attemptInBackground(List.of(created.cloudflareVideoId()), Action.REQUIRE_SIGNED_URLS);
                    }
                });
    }

    public Uni<CourseVideo> find(UUID id) {
        return cache.byId(id, () -> videos.findById(id))
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(id));
    }

    /**
     * The video, when it exists for {@code viewer} now ({@code VIDEO_NOT_FOUND} otherwise), as
     * stored: with its uid, which playback needs to sign URLs.
     */
    public Uni<CourseVideo> findVisible(Viewer viewer, UUID id) {
        return find(id).invoke(video -> visible(viewer, video, () -> VideoError.videoNotFound(id)));
    }

    /** The video as {@code viewer} may see it now: {@code VIDEO_NOT_FOUND} when it does not exist for them. */
    public Uni<CourseVideo> find(Viewer viewer, UUID id) {
        return findVisible(viewer, id).map(viewer::redacted);
    }

    /**
     * {@link #find(Viewer, UUID)} as the API's JSON. An admin's cache hit is answered with the
     * stored text, without decoding it; a learner's answer is derived from the same entry.
     */
    public Uni<String> findJson(Viewer viewer, UUID id) {
        if (viewer.admin()) {
            return cache.byIdJson(id, () -> videos.findById(id))
                    .onItem().ifNull().failWith(() -> VideoError.videoNotFound(id));
        }
        return find(viewer, id).map(this::json);
    }

    /** The lesson's video as the API's JSON, as {@code viewer} may see it. */
    public Uni<String> findByLessonJson(Viewer viewer, UUID courseId, String lessonId) {
        viewer.requireEnrolled(courseId);
        Supplier<VideoError> notFound = () -> VideoError.lessonHasNoVideo(courseId, lessonId);
        if (viewer.admin()) {
            return cache.byLessonJson(courseId, lessonId, () -> videos.findByLesson(courseId, lessonId))
                    .onItem().ifNull().failWith(notFound);
        }
        return cache.byLesson(courseId, lessonId, () -> videos.findByLesson(courseId, lessonId))
                .onItem().ifNull().failWith(notFound)
                .map(video -> json(visible(viewer, video, notFound)));
    }

    /**
     * A page of the course's videos, by {@code lesson_id}, as the API's JSON array; @param filter
     * {@code all} or a status. An admin's first page is the cached text as stored when that text
     * is too short to hold more than a page; any other page is cut from the cached list.
     */
    public Uni<RestResponse<String>> listByCourseJson(Viewer viewer, UUID courseId, String filter, Page page,
            UriInfo request) {
        viewer.requireEnrolled(courseId);
        viewer.requireListable(filter);
        VideoStatus status = "all".equals(filter) ? null : VideoStatus.parse("status", filter);
        Supplier<Uni<List<CourseVideo>>> load = () -> videos.listByCourse(courseId, status);
        if (viewer.admin() && page.first()) {
            return cache.listJson(courseId, filter, load).chain(text -> text.length() < (page.limit() + 1L) * smallestVideoJson
                    ? Uni.createFrom().item(RestResponse.ok(text))
                    : cache.list(courseId, filter, load).map(list -> lessonPage(list, page, request)));
        }
        return cache.list(courseId, filter, load).map(list -> lessonPage(viewer.sees(list, Instant.now()), page, request));
    }

    /** The page of {@code list} (in lesson order) after the cursor's lesson, with the Link to the next. */
    private RestResponse<String> lessonPage(List<CourseVideo> list, Page page, UriInfo request) {
        List<CourseVideo> rest = page.first() ? list
                : list.stream().filter(video -> byCodePoint(video.lessonId(), page.after(0)) > 0).toList();
        List<CourseVideo> rows = rest.size() > page.limit() ? rest.subList(0, page.limit() + 1) : rest;
        return page.answer(rows, request, video -> List.of(video.lessonId()), this::json);
    }

    /** The order of the {@code lesson_id} column (collation "C": code points). */
    private static int byCodePoint(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** A changed {@code require_signed_urls} is sent to Cloudflare after the answer (queued with the row). */
    public Uni<CourseVideo> update(UUID id, VideoPatch patch) {
        return videos.update(id, patch)
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(id))
                .call(updated -> cache.invalidate(updated.before(), updated.video().state()))
                .invoke(updated -> {
                    if (updated.signingChanged()) {
                        outbox.attemptInBackground(List.of(updated.video().cloudflareVideoId()), Action.REQUIRE_SIGNED_URLS);
                    }
                })
                .map(VideoRepository.Updated::video);
    }

    /**
     * Deletes the row; with {@code fromCloudflare}, its Cloudflare video too: queued in the same
     * transaction, then tried once before answering (the outbox retries what fails).
     */
    public Uni<Void> delete(UUID id, boolean fromCloudflare) {
        return videos.delete(id, fromCloudflare)
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(id))
                .call(deleted -> cache.invalidate(deleted, null))
                .call(deleted -> fromCloudflare ? outbox.attempt(deleted.cloudflareVideoId(), Action.DELETE)
                        : Uni.createFrom().voidItem())
                .replaceWithVoid();
    }

    public Uni<VideoStats> stats(UUID courseId) {
        return videos.stats(courseId);
    }

    /** The video as {@code viewer} may see it now; {@code notFound} when it does not exist for them. */
    private static CourseVideo visible(Viewer viewer, CourseVideo video, Supplier<VideoError> notFound) {
        if (!viewer.maySee(video, Instant.now())) {
            throw notFound.get();
        }
        return viewer.redacted(video);
    }

    private String json(Object answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + answer.getClass().getSimpleName(), e);
        }
    }
}
