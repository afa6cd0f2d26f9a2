package com.coursevideo.progress;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.PgFailures;
import com.coursevideo.events.Events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one writer of {@code learner_progress}: merges heartbeats (many per statement) and erases a
 * learner. A merge is a union of coverages, the latest position by reception time, and a
 * completion that never reverts, so merging the same heartbeats again, or in another order, or in
 * other batches, leaves the same row. Heartbeats of a video deleted meanwhile are dropped. A
 * merge that completes a video for a learner records {@code progress.completed} in its transaction.
 */
@ApplicationScoped
class ProgressStore {

    /**
     * Completed when {@code watched_fraction}, as the API shows it (3 decimals), reaches 0.9 (a video
     * of unknown or zero duration never is).
     */
    private static final String COMPLETES = "round((covered_seconds(%s) / nullif(%s, 0))::numeric, 3) >= 0.9";
    private static final String DURATION = "(SELECT duration FROM course_videos WHERE id = p.video_id)";
    /**
     * One statement for a batch: the rows as they were ({@code before}: a CTE sees the table as the
     * statement began), the upsert, and for each row written whether this statement completed it
     * (the {@code progress.completed} events to record).
     */
    private static final String MERGE = "WITH b AS (SELECT video_id, learner, coverage::nummultirange, position,"
            + "       to_timestamp(received_ms / 1000.0) AS received_at"
            + "       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::int8[])"
            + "       AS u (video_id, learner, coverage, position, received_ms)),"
            + " before AS (SELECT p.video_id, p.learner FROM learner_progress p JOIN b USING (video_id, learner) WHERE p.completed),"
            + " merged AS (INSERT INTO learner_progress AS p (video_id, learner, coverage, position, completed,"
            + " completed_at, last_heartbeat_at)"
            + " SELECT b.video_id, b.learner, b.coverage, b.position, coalesce(" + COMPLETES.formatted("b.coverage", "v.duration")
            + ", false), CASE WHEN " + COMPLETES.formatted("b.coverage", "v.duration") + " THEN b.received_at END, b.received_at"
            + " FROM b JOIN course_videos v ON v.id = b.video_id"
            + " ON CONFLICT (video_id, learner) DO UPDATE SET"
            + " coverage = p.coverage + excluded.coverage,"
            + " position = CASE WHEN excluded.last_heartbeat_at >= p.last_heartbeat_at THEN excluded.position ELSE p.position END,"
            + " last_heartbeat_at = greatest(p.last_heartbeat_at, excluded.last_heartbeat_at),"
            + " completed = p.completed OR coalesce(" + COMPLETES.formatted("p.coverage + excluded.coverage", DURATION) + ", false),"
            + " completed_at = CASE WHEN p.completed THEN p.completed_at WHEN "
            + COMPLETES.formatted("p.coverage + excluded.coverage", DURATION) + " THEN excluded.last_heartbeat_at END,"
            + " updated_at = clock_timestamp()"
            + " RETURNING p.video_id, p.learner, p.completed, p.completed_at)"
            + " SELECT m.video_id, v.course_id, m.learner, m.completed_at,"
            + " m.completed AND NOT EXISTS (SELECT 1 FROM before WHERE before.video_id = m.video_id AND before.learner = m.learner)"
            + " AS completed_now"
            + " FROM merged m JOIN course_videos v ON v.id = m.video_id";

    private final Pool pool;
    private final Events events;
    private final Counter statements;
    private final Counter merged;

    ProgressStore(Pool pool, Events events, MeterRegistry metrics) {
        this.pool = pool;
        this.events = events;
        this.statements = metrics.counter("progress.merge.statements");
        this.merged = metrics.counter("progress.merge.heartbeats");
    }

    /** Merges the heartbeats in one statement (one row per learner and video); the rows written. */
    Uni<Integer> merge(Collection<BufferedHeartbeat> heartbeats) {
        if (heartbeats.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Merged> rows = byLearnerAndVideo(heartbeats);
        int size = rows.size();
        UUID[] videos = new UUID[size];
        String[] learners = new String[size];
        String[] coverages = new String[size];
        Double[] positions = new Double[size];
        Long[] received = new Long[size];
        for (int i = 0; i < size; i++) {
            Merged row = rows.get(i);
            videos[i] = row.videoId;
            learners[i] = row.learner;
            coverages[i] = Stretches.union(row.credited).multirange();
            positions[i] = row.position;
            received[i] = row.receivedAt;
        }
        Tuple batch = Tuple.tuple().addArrayOfUUID(videos).addArrayOfString(learners).addArrayOfString(coverages)
                .addArrayOfDouble(positions).addArrayOfLong(received);
        // the merge and the events of the completions it made commit together
        return pool.withTransaction(connection -> connection.preparedQuery(MERGE).execute(batch)
                .chain(result -> {
                    List<Completion> completions = new ArrayList<>();
                    for (Row row : result) {
                        if (row.getBoolean("completed_now")) {
                            completions.add(new Completion(row.getUUID("video_id"), row.getUUID("course_id"),
                                    row.getString("learner"), row.getOffsetDateTime("completed_at")));
                        }
                    }
                    return events.recordAll(connection, Events.PROGRESS_COMPLETED, completions).replaceWith(result.rowCount());
                }))
                .onFailure().transform(PgFailures::translate)
                .invoke(() -> {
                    statements.increment();
                    merged.increment(heartbeats.size());
                });
    }

    /**
     * The data of a {@code progress.completed} event: once per completion, even when two merges
     * (a shutdown flush beside a running one) both see the row complete.
     */
    @RegisterForReflection
    record Completion(UUID videoId, UUID courseId, String learner, OffsetDateTime completedAt) implements Events.Identified {

        @Override
        public String eventKey() {
            return videoId + "\n" + learner + "\n" + completedAt.toInstant();
        }
    }

    /** Erases everything recorded for the learner. */
    Uni<Integer> erase(String learner) {
        return pool.preparedQuery("DELETE FROM learner_progress WHERE learner = $1").execute(Tuple.of(learner))
                .onFailure().transform(PgFailures::translate)
                .map(result -> result.rowCount());
    }

    /** One statement may not touch a row twice: a batch's heartbeats of one learner and video become one. */
    private static List<Merged> byLearnerAndVideo(Collection<BufferedHeartbeat> heartbeats) {
        Map<String, Merged> rows = new HashMap<>();
        for (BufferedHeartbeat heartbeat : heartbeats) {
            rows.computeIfAbsent(heartbeat.videoId() + "|" + heartbeat.learner(),
                    key -> new Merged(heartbeat.videoId(), heartbeat.learner())).add(heartbeat);
        }
        return List.copyOf(rows.values());
    }

    private static final class Merged {
        final UUID videoId;
        final String learner;
        final List<Stretches> credited = new ArrayList<>();
        double position;
        long receivedAt = Long.MIN_VALUE;

        Merged(UUID videoId, String learner) {
            this.videoId = videoId;
            this.learner = learner;
        }

        void add(BufferedHeartbeat heartbeat) {
            credited.add(heartbeat.credited());
            if (heartbeat.receivedAt() >= receivedAt) {
                receivedAt = heartbeat.receivedAt();
                position = heartbeat.position();
            }
        }
    }
}
