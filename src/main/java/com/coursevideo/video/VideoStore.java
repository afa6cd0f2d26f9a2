package com.coursevideo.video;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.coursevideo.events.Events;
import com.coursevideo.video.CloudflareDeletions;
import com.coursevideo.work.WorkQueue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one writer of {@code course_videos}. Every write here does its own bookkeeping, so no caller
 * can forget it: the Cloudflare work it makes necessary (deletions, settings) and the status sync
 * of a processing video are queued in the same statement; the events it means for the course
 * platform ({@code video.ready}, {@code video.error}, {@code video.deleted}) are recorded in its
 * transaction; once it has committed, the cache entries
 * it affects are invalidated (before the caller answers) and the queued work is started.
 */
@ApplicationScoped
public class VideoStore {

    /**
     * Refuses (no row) a uid whose Cloudflare deletion is still queued: the queue would delete the
     * new video's media. A video that requires signed URLs is not known to be protected until
     * Cloudflare confirmed the setting, which the same statement queues.
     */
    private static final String INSERT = "WITH created AS (INSERT INTO course_videos (course_id, lesson_id,"
            + " cloudflare_video_id, title, description, duration, thumbnail_url, status, processing_progress, metadata,"
            + " require_signed_urls, available_from, available_until, signed_urls_enforced, downloadable, thumbnail_timestamp_pct)"
            + " SELECT $1, $2, $3, $4, $5, $6, $7, $8::video_status, $9, $10::text::jsonb, $11, $12, $13, NOT $11, $14, $15"
            + " WHERE NOT EXISTS (SELECT 1 FROM work_items WHERE kind = '" + CloudflareDeletions.KIND + "' AND key = $3)"
            + " RETURNING " + CourseVideo.COLUMNS + "),"
            + " settings AS (" + WorkQueue.requestFrom(CloudflareSettings.KIND, "cloudflare_video_id",
                    "created WHERE require_signed_urls OR thumbnail_timestamp_pct <> 0"
                    + " OR EXISTS (SELECT 1 FROM courses c WHERE c.id = created.course_id AND c.allowed_origins <> '{}')") + "),"
            + " downloads AS (" + WorkQueue.requestFrom(CloudflareDownloads.KIND, "cloudflare_video_id",
                    "created WHERE downloadable") + "),"
            + " synced AS (" + WorkQueue.ensureFrom(VideoSync.KIND, "id", "created WHERE status IN ('queued', 'inprogress')")
            + ") SELECT * FROM created";

    private final Pool pool;
    private final VideoCache cache;
    private final WorkQueue work;
    private final CloudflareConfig cloudflare;
    private final Events events;

    VideoStore(Pool pool, VideoCache cache, WorkQueue work, CloudflareConfig cloudflare, Events events) {
        this.pool = pool;
        this.cache = cache;
        this.work = work;
        this.cloudflare = cloudflare;
        this.events = events;
    }

    /** Registers the video. Fails with DUPLICATE_VIDEO or COURSE_NOT_FOUND when a constraint says so. */
    public Uni<CourseVideo> create(NewVideo video) {
        return insert(video).call(created -> settle(List.of(Written.created(created)), true));
    }

    /**
     * The video after the patch, and where it stood before; null when there is no such video.
     * A changed {@code require_signed_urls} reaches Cloudflare through the queue.
     */
    public Uni<Updated> update(UUID id, VideoPatch patch) {
        return settled(patch(id, patch));
    }

    /** The update, its bookkeeping done once it has committed. */
    private Uni<Updated> settled(Uni<Updated> update) {
        return update.call(updated -> updated == null ? Uni.createFrom().voidItem()
                : settle(List.of(Written.updated(updated)), true));
    }

    /**
     * Deletes the row; where it stood, or null when there was no such video. With
     * {@code fromCloudflare}, its Cloudflare deletion is queued in the same statement and tried once
     * before this completes (bounded by a Cloudflare call's timeout; the queue retries what fails).
     */
    public Uni<VideoState> delete(UUID id, boolean fromCloudflare) {
        return remove(id, fromCloudflare)
                .call(deleted -> deleted == null ? Uni.createFrom().voidItem()
                        : cache.invalidate(deleted, null).chain(() -> fromCloudflare
                                ? work.attempt(CloudflareDeletions.KIND, deleted.cloudflareVideoId(), true)
                                        .ifNoItem().after(cloudflare.timeout().multipliedBy(2)).recoverWithUni(Uni.createFrom().nullItem())
                                        .onFailure().recoverWithNull().replaceWithVoid()
                                : Uni.createFrom().voidItem()));
    }

    /**
     * Deletes a course's videos, queueing their Cloudflare deletions, and whatever {@code alsoDelete}
     * deletes (the course itself), in one transaction that locks the course first, so that no video
     * is added meanwhile without this deletion knowing of it. Where the videos stood; null when there
     * is no such course. The Cloudflare deletions start at background priority after the commit.
     */
    public Uni<List<VideoState>> deleteCourse(UUID courseId, Function<SqlConnection, Uni<?>> alsoDelete) {
        Tuple course = Tuple.of(courseId);
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT id FROM courses WHERE id = $1 FOR UPDATE").execute(course)
                .chain(found -> found.size() == 0 ? Uni.createFrom().<List<VideoState>>nullItem()
                        : connection.preparedQuery("WITH gone AS (DELETE FROM course_videos WHERE course_id = $1"
                                + " RETURNING " + CourseVideo.COLUMNS + "),"
                                + " queued AS (" + WorkQueue.requestFrom(CloudflareDeletions.KIND, "cloudflare_video_id", "gone")
                                + ") SELECT * FROM gone")
                                .execute(course)
                                .map(rows -> Rows.all(rows, CourseVideo::from))
                                .call(videos -> events.recordAll(connection, Events.VIDEO_DELETED, videos))
                                .map(videos -> videos.stream().map(CourseVideo::state).toList())
                                .call(() -> alsoDelete.apply(connection))))
                .onFailure().transform(PgFailures::translate)
                .call(deleted -> deleted == null ? Uni.createFrom().voidItem()
                        : settle(deleted.stream().map(state -> Written.deleted(state, true)).toList(), false));
    }

    /** Writes of many videos (a batch): each on its own, their bookkeeping once for all of them. */
    public Batch batch() {
        return new Batch();
    }

    /**
     * Writes that settle together: the cache entries and the Cloudflare work of all of them at once,
     * at background priority (a batch takes what the fleet's budget leaves user-facing calls).
     * {@link #settle()} once the writes are done.
     */
    public final class Batch {

        private final List<Written> written = new ArrayList<>();

        private Batch() {
        }

        public Uni<CourseVideo> create(NewVideo video) {
            return insert(video).invoke(created -> record(Written.created(created)));
        }

        /** Null when there is no such video. */
        public Uni<Updated> update(UUID id, VideoPatch patch) {
            return patch(id, patch).invoke(updated -> record(updated == null ? null : Written.updated(updated)));
        }

        /** Null when there was no such video. */
        public Uni<VideoState> delete(UUID id, boolean fromCloudflare) {
            return remove(id, fromCloudflare).invoke(deleted -> record(deleted == null ? null
                    : Written.deleted(deleted, fromCloudflare)));
        }

        private synchronized void record(Written write) {
            if (write != null) {
                written.add(write);
            }
        }

        public Uni<Void> settle() {
            List<Written> all;
            synchronized (this) {
                all = List.copyOf(written);
            }
            return VideoStore.this.settle(all, false);
        }
    }

    /**
     * Cloudflare's state of the video as of its {@code modified} time there: applied unless the row
     * already reflects a later time, so that a late or replayed notification, or a poll that raced a
     * notification, never takes the video back. Without a time it applies only to a row that knows
     * none. Null when there is no such video or the row is newer.
     */
    Uni<Updated> updateFromCloudflare(UUID id, VideoPatch patch, Instant modified) {
        if (modified == null) {
            return settled(patch(id, patch, " AND v.cloudflare_modified IS NULL", List.of()));
        }
        OffsetDateTime at = modified.atOffset(ZoneOffset.UTC);
        Map<VideoField<?>, Object> changes = new LinkedHashMap<>(patch.changes());
        changes.put(VideoField.CLOUDFLARE_MODIFIED, at);
        // $1 is the id, then the patch's values: the condition's parameter comes after them
        String condition = " AND (v.cloudflare_modified IS NULL OR v.cloudflare_modified <= $" + (changes.size() + 2) + ")";
        return settled(patch(id, new VideoPatch(changes), condition, List.of(at)));
    }

    /**
     * Cloudflare's {@code modified} time of a state the row shows already: remembered, so that an
     * older notification that differs from it is known to be older. Nothing cached changes.
     */
    Uni<Void> reflectsCloudflare(UUID id, Instant modified) {
        return query("UPDATE course_videos SET cloudflare_modified = $2 WHERE id = $1"
                + " AND (cloudflare_modified IS NULL OR cloudflare_modified < $2)", Tuple.of(id, modified.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /**
     * Marks the video's signed-URL setting enforced when its row still asks for {@code required};
     * null when it does not, or was enforced already.
     */
    Uni<Updated> confirmSignedUrls(UUID id, boolean required) {
        // $1 is the id and $2 the patch's one value: the condition's parameter is $3
        return patch(id, new VideoPatch(Map.of(VideoField.SIGNED_URLS_ENFORCED, true)),
                " AND v.require_signed_urls = $3 AND NOT v.signed_urls_enforced", List.of(required))
                .call(updated -> updated == null ? Uni.createFrom().voidItem()
                        : cache.invalidate(updated.before(), updated.video().state()));
    }

    /**
     * Records the status of the video's download at Cloudflare, when the row's {@code downloadable}
     * is still {@code downloadable} (else a newer job is queued).
     */
    Uni<Void> downloadStatus(UUID id, boolean downloadable, String status) {
        // $1 is the id and $2 the patch's one value: the condition's parameter is $3
        return patch(id, new VideoPatch(Map.of(VideoField.DOWNLOAD_STATUS, status)), " AND v.downloadable = $3",
                List.of(downloadable))
                .call(updated -> updated == null ? Uni.createFrom().voidItem()
                        : cache.invalidate(updated.before(), updated.video().state()))
                .replaceWithVoid();
    }

    /**
     * The course's {@code allowed_origins} changed, through {@code client} (the course's write's
     * transaction): every video of the course has its settings sent to Cloudflare again, by jobs the
     * background rounds work within the fleet's budget (not started here: a course may have
     * thousands of videos).
     */
    public Uni<Void> courseSettingsChanged(SqlClient client, UUID courseId) {
        return client.preparedQuery(WorkQueue.requestFrom(CloudflareSettings.KIND, "cloudflare_video_id",
                        "course_videos WHERE course_id = $1"))
                .execute(Tuple.of(courseId))
                .onFailure().transform(PgFailures::translate)
                .replaceWithVoid();
    }

    /**
     * Cloudflare said it does not have the video: remembered from the first such answer on. True
     * when the first answer is at least {@code after} old, so the video is gone for good.
     */
    Uni<Boolean> missingAtCloudflare(UUID id, Duration after) {
        return query("UPDATE course_videos SET cloudflare_missing_since = coalesce(cloudflare_missing_since, clock_timestamp())"
                + " WHERE id = $1 RETURNING cloudflare_missing_since <= clock_timestamp() - make_interval(secs => $2)",
                Tuple.of(id, (double) after.toSeconds()))
                .map(rows -> Boolean.TRUE.equals(Rows.first(rows, row -> row.getBoolean(0))));
    }

    /** Cloudflare answered with the video again: forget that it was missing. */
    Uni<Void> foundAtCloudflare(UUID id) {
        return query("UPDATE course_videos SET cloudflare_missing_since = NULL"
                + " WHERE id = $1 AND cloudflare_missing_since IS NOT NULL", Tuple.of(id)).replaceWithVoid();
    }

    /**
     * The video after an update, where it stood in the cache before, and whether a setting Cloudflare
     * holds (require_signed_urls, thumbnail_timestamp_pct) changed, and so was queued for Cloudflare.
     */
    public record Updated(CourseVideo video, VideoState before, boolean settingsChanged) {
    }

    /** What a write leaves to do once it has committed: cache entries to drop, Cloudflare work to start. */
    private record Written(VideoState before, VideoState after, String settingsUid, String deletionUid) {

        static Written created(CourseVideo video) {
            boolean settings = video.requireSignedUrls() || video.thumbnailTimestampPct() != 0;
            return new Written(null, video.state(), settings ? video.cloudflareVideoId() : null, null);
        }

        static Written updated(Updated updated) {
            return new Written(updated.before(), updated.video().state(),
                    updated.settingsChanged() ? updated.video().cloudflareVideoId() : null, null);
        }

        static Written deleted(VideoState deleted, boolean fromCloudflare) {
            return new Written(deleted, null, null, fromCloudflare ? deleted.cloudflareVideoId() : null);
        }
    }

    /** The writes' cache entries dropped (before the caller answers), then their Cloudflare work started. */
    private Uni<Void> settle(List<Written> written, boolean urgent) {
        List<VideoState> states = new ArrayList<>();
        written.forEach(write -> {
            states.add(write.before());
            states.add(write.after());
        });
        return cache.invalidate(states).invoke(() -> {
            work.start(CloudflareSettings.KIND, uids(written, Written::settingsUid), urgent);
            work.start(CloudflareDeletions.KIND, uids(written, Written::deletionUid), urgent);
        });
    }

    private static List<String> uids(List<Written> written, Function<Written, String> uid) {
        return written.stream().map(uid).filter(Objects::nonNull).toList();
    }

    private Uni<CourseVideo> insert(NewVideo video) {
        Tuple arguments = Tuple.tuple(Arrays.asList(video.courseId(), video.lessonId(),
                video.cloudflareVideoId(), video.title(), video.description(), video.duration(),
                video.thumbnailUrl(), video.status().value(), video.processingProgress(),
                video.metadata() == null ? null : video.metadata().toString(), video.requireSignedUrls(),
                video.availableFrom(), video.availableUntil(), video.downloadable(), video.thumbnailTimestampPct()));
        boolean finished = video.status() == VideoStatus.READY || video.status() == VideoStatus.ERROR;
        return write(finished, client -> client.preparedQuery(INSERT).execute(arguments)
                        .map(rows -> Rows.first(rows, CourseVideo::from))
                        .call(created -> created == null ? Uni.createFrom().voidItem()
                                : recordStatus(client, created, null)))
                .onFailure(PgFailures.violated("course_videos_course_id_fkey"))
                .transform(missing -> VideoError.courseNotFound(video.courseId()))
                .onItem().ifNull().failWith(() -> new VideoError(ErrorCode.DUPLICATE_VIDEO,
                        "cloudflare_video_id is still being deleted at Cloudflare; upload the video again"));
    }

    private Uni<Updated> patch(UUID id, VideoPatch patch) {
        return patch(id, patch, "", List.of());
    }

    /**
     * Applies the patch when {@code condition} (SQL over the row {@code v}, its parameters after the
     * patch's) holds; null when there is no such video or it does not hold.
     */
    private Uni<Updated> patch(UUID id, VideoPatch patch, String condition, List<Object> conditionArguments) {
        List<Object> arguments = new ArrayList<>();
        arguments.add(id);
        StringJoiner assignments = new StringJoiner(", ");
        for (Map.Entry<VideoField<?>, Object> change : patch.changes().entrySet()) {
            VideoField<?> field = change.getKey();
            arguments.add(field.sqlValue(change.getValue()));
            String placeholder = field.placeholder(arguments.size());
            assignments.add(field.name() + " = " + placeholder);
            if (field == VideoField.REQUIRE_SIGNED_URLS) {
                // Cloudflare is told through the queue; until it confirms, a changed setting is not enforced
                assignments.add("signed_urls_enforced = v.signed_urls_enforced AND v.require_signed_urls = " + placeholder);
            }
        }
        boolean settingsChange = patch.changes().containsKey(VideoField.REQUIRE_SIGNED_URLS)
                || patch.changes().containsKey(VideoField.THUMBNAIL_TIMESTAMP_PCT);
        boolean statusChanges = patch.changes().containsKey(VideoField.STATUS);
        // a download is made once the video is ready: when it may be downloaded, or becomes ready
        boolean downloadsChange = patch.changes().containsKey(VideoField.DOWNLOADABLE) || statusChanges;
        // the row is locked by the UPDATE, so "old" is exactly the version this update replaced
        String sql = "WITH old AS (SELECT id, lesson_id, status, require_signed_urls, thumbnail_timestamp_pct, downloadable"
                + " FROM course_videos WHERE id = $1 FOR UPDATE),"
                + " updated AS (UPDATE course_videos v SET " + assignments + " FROM old WHERE v.id = old.id"
                + condition
                + " RETURNING " + CourseVideo.columns("v.")
                + ", old.lesson_id AS old_lesson_id, old.status::text AS old_status,"
                + " (old.require_signed_urls <> v.require_signed_urls"
                + " OR old.thumbnail_timestamp_pct <> v.thumbnail_timestamp_pct) AS settings_changed,"
                + " (old.downloadable <> v.downloadable OR v.downloadable AND old.status <> v.status"
                + " AND v.status = 'ready') AS downloads_changed)"
                + (settingsChange ? ", settings AS (" + WorkQueue.requestFrom(CloudflareSettings.KIND, "cloudflare_video_id",
                        "updated WHERE settings_changed") + ")" : "")
                + (downloadsChange ? ", downloads AS (" + WorkQueue.requestFrom(CloudflareDownloads.KIND, "cloudflare_video_id",
                        "updated WHERE downloads_changed") + ")" : "")
                + (statusChanges ? ", synced AS (" + WorkQueue.ensureFrom(VideoSync.KIND, "id",
                        "updated WHERE status IN ('queued', 'inprogress')") + ")" : "")
                + " SELECT * FROM updated";
        arguments.addAll(conditionArguments);
        return write(statusChanges, client -> client.preparedQuery(sql).execute(Tuple.tuple(arguments))
                .map(rows -> Rows.first(rows, VideoStore::updated))
                .call(updated -> updated == null ? Uni.createFrom().voidItem()
                        : recordStatus(client, updated.video(), updated.before().status())));
    }

    /** A video that became ready or failed (from {@code before}, null for a new one) is an event for the platform. */
    private Uni<Void> recordStatus(SqlClient client, CourseVideo video, VideoStatus before) {
        if (video.status() == before || video.status() != VideoStatus.READY && video.status() != VideoStatus.ERROR) {
            return Uni.createFrom().voidItem();
        }
        return events.record(client, video.status() == VideoStatus.READY ? Events.VIDEO_READY : Events.VIDEO_ERROR, video);
    }

    /**
     * Runs the statements of a write, in one transaction when {@code withEvents} (the events it
     * records are committed with it or not at all), else as they come.
     */
    private <T> Uni<T> write(boolean withEvents, Function<SqlClient, Uni<T>> statements) {
        Uni<T> written = withEvents ? pool.withTransaction(statements::apply) : statements.apply(pool);
        return written.onFailure().transform(PgFailures::translate);
    }

    private static Updated updated(Row row) {
        CourseVideo video = CourseVideo.from(row);
        return new Updated(video, new VideoState(video.id(), video.courseId(), row.getString("old_lesson_id"),
                VideoStatus.fromDatabase(row.getString("old_status")), video.cloudflareVideoId()),
                row.getBoolean("settings_changed"));
    }

    /** Where the deleted video stood; null when there was no such video. */
    private Uni<VideoState> remove(UUID id, boolean fromCloudflare) {
        String sql = "WITH gone AS (DELETE FROM course_videos WHERE id = $1 RETURNING " + CourseVideo.COLUMNS + "),"
                + " queued AS (" + WorkQueue.requestFrom(CloudflareDeletions.KIND, "cloudflare_video_id", "gone WHERE $2") + ")"
                + " SELECT * FROM gone";
        return write(true, client -> client.preparedQuery(sql).execute(Tuple.of(id, fromCloudflare))
                .map(rows -> Rows.first(rows, CourseVideo::from))
                .call(gone -> gone == null ? Uni.createFrom().voidItem() : events.record(client, Events.VIDEO_DELETED, gone)))
                .map(gone -> gone == null ? null : gone.state());
    }

    private Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).onFailure().transform(PgFailures::translate);
    }
}
