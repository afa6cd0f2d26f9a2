package com.coursevideo.progress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.PgFailures;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one writer of {@code learner_progress}: merges heartbeats (many per statement) and erases a
 * learner. A merge is a union of coverages, the latest position by reception time, and a
 * completion that never reverts, so merging the same heartbeats again, or in another order, or in
 * other batches, leaves the same row. Heartbeats of a video deleted meanwhile are dropped.
 */
@ApplicationScoped
class ProgressStore {

    /** Completed at 90 % of the duration (a video of unknown duration never is). */
    private static final String COMPLETES = "covered_seconds(%s) >= 0.9 * %s";
    private static final String DURATION = "(SELECT duration FROM course_videos WHERE id = p.video_id)";
    private static final String MERGE = "INSERT INTO learner_progress AS p (video_id, learner, coverage, position, completed,"
            + " completed_at, last_heartbeat_at)"
            + " SELECT b.video_id, b.learner, b.coverage, b.position, coalesce(" + COMPLETES.formatted("b.coverage", "v.duration")
            + ", false), CASE WHEN " + COMPLETES.formatted("b.coverage", "v.duration") + " THEN b.received_at END, b.received_at"
            + " FROM (SELECT video_id, learner, coverage::nummultirange, position, to_timestamp(received_ms / 1000.0) AS received_at"
            + "       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::int8[])"
            + "       AS u (video_id, learner, coverage, position, received_ms)) b"
            + " JOIN course_videos v ON v.id = b.video_id"
            + " ON CONFLICT (video_id, learner) DO UPDATE SET"
            + " coverage = p.coverage + excluded.coverage,"
            + " position = CASE WHEN excluded.last_heartbeat_at >= p.last_heartbeat_at THEN excluded.position ELSE p.position END,"
            + " last_heartbeat_at = greatest(p.last_heartbeat_at, excluded.last_heartbeat_at),"
            + " completed = p.completed OR coalesce(" + COMPLETES.formatted("p.coverage + excluded.coverage", DURATION) + ", false),"
            + " completed_at = CASE WHEN p.completed THEN p.completed_at WHEN "
            + COMPLETES.formatted("p.coverage + excluded.coverage", DURATION) + " THEN excluded.last_heartbeat_at END,"
            + " updated_at = clock_timestamp()";

    private final Pool pool;
    private final Counter statements;
    private final Counter merged;

    ProgressStore(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
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
        return pool.preparedQuery(MERGE)
                .execute(Tuple.tuple().addArrayOfUUID(videos).addArrayOfString(learners).addArrayOfString(coverages)
                        .addArrayOfDouble(positions).addArrayOfLong(received))
                .onFailure().transform(PgFailures::translate)
                .map(result -> {
                    statements.increment();
                    merged.increment(heartbeats.size());
                    return result.rowCount();
                });
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
