package com.coursevideo.progress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.redis.LuaScript;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Heartbeats on their way to PostgreSQL: appended to one of {@code progress.shards} Redis streams,
 * and flushed from there in batches ({@link #flush}) by whichever instance holds that stream's
 * {@code progress.flush} job, or by this one as it shuts down. A heartbeat is acknowledged once
 * Redis holds it; when Redis cannot take it, it is merged into PostgreSQL at once instead, and
 * when PostgreSQL cannot either, the request fails with {@code 503} and {@code Retry-After}.
 *
 * <p>A heartbeat is one {@code XADD}: the entry's identity is Redis's clock when it took it, the one
 * clock every replica shares, and one learner's heartbeats for a video all go to one stream, in the
 * order Redis took them. The flush works out "seconds since the previous heartbeat", the base of the
 * crediting cap, from that order, and from the time of the last heartbeat it flushed for that learner
 * and video, which it keeps in Redis for {@code progress.heartbeat-memory}.
 */
@ApplicationScoped
class HeartbeatBuffer {

    private static final Logger LOG = Logger.getLogger(HeartbeatBuffer.class);
    private static final String FIELD = "h";

    /**
     * KEYS: learners' last-heartbeat keys; ARGV: for each, its time and when to forget it (epoch ms).
     * A key keeps the later of its time and the given one, so a flush that comes late changes nothing.
     */
    private static final LuaScript REMEMBER = LuaScript.of("progress-remember", """
            for i, key in ipairs(KEYS) do
              local known = tonumber(redis.call('GET', key))
              if not known or known < tonumber(ARGV[2 * i - 1]) then
                redis.call('SET', key, ARGV[2 * i - 1], 'PXAT', ARGV[2 * i])
              end
            end
            return #KEYS
            """);

    private final ProgressRedis redis;
    private final ProgressStore store;
    private final ProgressConfig config;
    private final Counter buffered;
    private final Counter direct;

    HeartbeatBuffer(ProgressRedis redis, ProgressStore store, ProgressConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.store = store;
        this.config = config;
        this.buffered = metrics.counter("progress.heartbeats", "path", "buffered");
        this.direct = metrics.counter("progress.heartbeats", "path", "direct");
    }

    /** Records the heartbeat: in Redis, or, when Redis cannot take it, in PostgreSQL at once. */
    Uni<Void> add(UUID videoId, String learner, double position, Stretches watched) {
        return redis.execute("progress-append", "XADD", stream(shard(videoId, learner)), "*", FIELD,
                        BufferedHeartbeat.payload(videoId, position, watched, learner))
                .invoke(() -> buffered.increment())
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.debugf("heartbeat written to PostgreSQL directly, Redis failed: %s", failure.toString());
                    direct.increment();
                    // no previous time known: it counts as a first heartbeat (credits at most 30 s)
                    return store.merge(List.of(new BufferedHeartbeat(System.currentTimeMillis(), -1, videoId, position,
                            watched, learner))).replaceWithVoid();
                });
    }

    /**
     * Moves the stream's heartbeats to PostgreSQL, a batch a statement, until it is empty (what
     * comes in meanwhile waits for the next flush); the heartbeats moved. A batch leaves Redis only
     * once PostgreSQL has it: a flush that fails midway leaves the rest for the next one, and what
     * it merged twice merges to the same.
     */
    Uni<Integer> flush(int shard) {
        return flushBatch(shard, 0);
    }

    private Uni<Integer> flushBatch(int shard, int before) {
        return read(shard).chain(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().item(before);
            }
            int moved = before + batch.heartbeats().size();
            return store.merge(batch.heartbeats())
                    .chain(() -> remember(shard, batch.heartbeats()))
                    .chain(() -> redis.execute("progress-trim", "XTRIM", stream(shard), "MINID", batch.trimBelow()))
                    .chain(() -> batch.full() ? flushBatch(shard, moved) : Uni.createFrom().item(moved));
        });
    }

    /**
     * The stream's oldest heartbeats, at most a batch, in the order Redis took them, each with the
     * time of the learner's heartbeat for that video before it: the one before it in the stream, or
     * the last one flushed.
     */
    Uni<Batch> read(int shard) {
        return redis.execute("progress-read", "XRANGE", stream(shard), "-", "+", "COUNT",
                        Integer.toString(config.batchSize()))
                .chain(entries -> {
                    if (entries == null || entries.size() == 0) {
                        return Uni.createFrom().item(Batch.EMPTY);
                    }
                    List<BufferedHeartbeat> heartbeats = new ArrayList<>(entries.size());
                    String last = null;
                    for (Response entry : entries) {
                        last = entry.get(0).toString();
                        try {
                            heartbeats.add(BufferedHeartbeat.parse(entry.get(1).get(1).toString(), millisOf(last)));
                        } catch (RuntimeException garbage) {
                            LOG.warnf("dropped an entry of the heartbeat buffer that is not a heartbeat");
                        }
                    }
                    Batch batch = new Batch(heartbeats, after(last), entries.size() >= config.batchSize());
                    return heartbeats.isEmpty() ? Uni.createFrom().item(batch) : withPrevious(shard, batch);
                });
    }

    private Uni<Batch> withPrevious(int shard, Batch batch) {
        List<String> pairs = List.copyOf(latest(batch.heartbeats()).keySet());
        String[] keys = pairs.stream().map(pair -> lastKey(shard, pair)).toArray(String[]::new);
        return redis.execute("progress-last", "MGET", keys).map(known -> {
            Map<String, Long> previous = new HashMap<>();
            for (int i = 0; i < pairs.size(); i++) {
                Response time = known.get(i);
                if (time != null) {
                    previous.put(pairs.get(i), time.toLong());
                }
            }
            List<BufferedHeartbeat> stamped = new ArrayList<>(batch.heartbeats().size());
            for (BufferedHeartbeat heartbeat : batch.heartbeats()) {
                Long before = previous.put(heartbeat.videoAndLearner(), heartbeat.receivedAt());
                stamped.add(heartbeat.after(before == null ? -1 : before));
            }
            return new Batch(stamped, batch.trimBelow(), batch.full());
        });
    }

    /** Keeps the time of each learner's last heartbeat of the batch, for the flushes after it. */
    private Uni<Response> remember(int shard, List<BufferedHeartbeat> heartbeats) {
        Map<String, Long> latest = latest(heartbeats);
        List<String> keys = new ArrayList<>(latest.size());
        String[] times = new String[2 * latest.size()];
        int i = 0;
        for (Map.Entry<String, Long> pair : latest.entrySet()) {
            keys.add(lastKey(shard, pair.getKey()));
            times[i++] = Long.toString(pair.getValue());
            times[i++] = Long.toString(pair.getValue() + config.heartbeatMemory().toMillis());
        }
        return redis.eval(REMEMBER, keys, times);
    }

    private static Map<String, Long> latest(List<BufferedHeartbeat> heartbeats) {
        Map<String, Long> latest = new LinkedHashMap<>();
        for (BufferedHeartbeat heartbeat : heartbeats) {
            latest.merge(heartbeat.videoAndLearner(), heartbeat.receivedAt(), Math::max);
        }
        return latest;
    }

    /** An entry's identity is {@code <milliseconds>-<sequence>}. */
    private static long millisOf(String id) {
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }

    /** The smallest identity after the given one: a trim below it removes that entry and those before. */
    private static String after(String id) {
        int dash = id.indexOf('-');
        return id.substring(0, dash) + "-" + (Long.parseUnsignedLong(id.substring(dash + 1)) + 1);
    }

    /**
     * Heartbeats read from a stream.
     *
     * @param trimBelow the identity below which the stream's entries are in this batch (or were garbage)
     * @param full whether the stream may hold more
     */
    record Batch(List<BufferedHeartbeat> heartbeats, String trimBelow, boolean full) {

        static final Batch EMPTY = new Batch(List.of(), "0-0", false);

        boolean isEmpty() {
            return trimBelow.equals(EMPTY.trimBelow);
        }
    }

    int shard(UUID videoId, String learner) {
        return Math.floorMod(videoId.hashCode() * 31 + learner.hashCode(), config.shards());
    }

    /** One stream's keys share a Redis Cluster hash slot ({@code {n}}), so one script may touch them all. */
    private String key(int shard, String name) {
        return config.keyPrefix() + "{" + shard + "}:" + name;
    }

    private String lastKey(int shard, String videoAndLearner) {
        return key(shard, "last:" + videoAndLearner);
    }

    /** The Redis stream of one shard (before streams, {@code buffer} was a list). */
    String stream(int shard) {
        return key(shard, "heartbeats");
    }
}
