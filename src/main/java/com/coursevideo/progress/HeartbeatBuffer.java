package com.coursevideo.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.redis.LuaScript;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Heartbeats on their way to PostgreSQL: appended to one of {@code progress.shards} Redis lists,
 * and flushed from there in batches ({@link #flush}) by whichever instance holds that list's
 * {@code progress.flush} job, or by this one as it shuts down. A heartbeat is acknowledged once
 * Redis holds it; when Redis cannot take it, it is merged into PostgreSQL at once instead, and
 * when PostgreSQL cannot either, the request fails with {@code 503} and {@code Retry-After}.
 *
 * <p>The script that appends a heartbeat also stamps it with Redis's clock and with the time of the
 * learner's heartbeat before it for that video: "seconds since the previous heartbeat", the base of
 * the crediting cap, is measured on one clock for every replica, in the order Redis received them.
 */
@ApplicationScoped
class HeartbeatBuffer {

    private static final Logger LOG = Logger.getLogger(HeartbeatBuffer.class);

    /**
     * KEYS: the learner's last heartbeat time, the list, its sequence; ARGV: the payload, the memory in ms.
     * One {@code SET … GET} reads and writes the time (Redis 6.2 on); numbers are written as Lua prints them,
     * whole milliseconds in at most 14 digits until the year 5138.
     */
    private static final LuaScript APPEND = LuaScript.of("progress-append", """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local prev = redis.call('SET', KEYS[1], now, 'PX', ARGV[2], 'GET')
            if prev then
              prev = tonumber(prev)
              if prev >= now then
                now = prev + 1
                redis.call('SET', KEYS[1], now, 'PX', ARGV[2])
              end
            end
            local seq = redis.call('INCR', KEYS[3])
            redis.call('RPUSH', KEYS[2], seq .. '|' .. now .. '|' .. (prev or '-') .. '|' .. ARGV[1])
            return seq
            """);
    /**
     * KEYS: the list; ARGV: the last sequence flushed, how many entries to look at. Removes the
     * flushed entries from the head; an entry another flush removed already is not removed twice,
     * so two flushes of one list at once lose nothing.
     */
    private static final LuaScript TRIM = LuaScript.of("progress-trim", """
            local max = tonumber(ARGV[1])
            local items = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            local n = 0
            for _, item in ipairs(items) do
              local seq = tonumber(string.match(item, '^(%d+)|'))
              if seq and seq > max then break end
              n = n + 1
            end
            if n > 0 then redis.call('LTRIM', KEYS[1], n, -1) end
            return n
            """);

    private final ProgressRedis redis;
    private final ProgressStore store;
    private final ProgressConfig config;
    private final String memoryMillis;
    private final Counter buffered;
    private final Counter direct;

    HeartbeatBuffer(ProgressRedis redis, ProgressStore store, ProgressConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.store = store;
        this.config = config;
        this.memoryMillis = Long.toString(config.heartbeatMemory().toMillis());
        this.buffered = metrics.counter("progress.heartbeats", "path", "buffered");
        this.direct = metrics.counter("progress.heartbeats", "path", "direct");
    }

    /** Records the heartbeat: in Redis, or, when Redis cannot take it, in PostgreSQL at once. */
    Uni<Void> add(UUID videoId, String learner, double position, Stretches watched) {
        int shard = shard(videoId, learner);
        return redis.eval(APPEND, List.of(key(shard, "last:" + videoId + ":" + learner), list(shard), key(shard, "seq")),
                        BufferedHeartbeat.payload(videoId, position, watched, learner), memoryMillis)
                .invoke(() -> buffered.increment())
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.debugf("heartbeat written to PostgreSQL directly, Redis failed: %s", failure.toString());
                    direct.increment();
                    // no previous time known: it counts as a first heartbeat (credits at most 30 s)
                    return store.merge(List.of(new BufferedHeartbeat(0, System.currentTimeMillis(), -1, videoId, position,
                            watched, learner))).replaceWithVoid();
                });
    }

    /**
     * Moves the list's heartbeats to PostgreSQL, a batch a statement, until it is empty (what
     * comes in meanwhile waits for the next flush); the heartbeats moved. A batch leaves Redis only
     * once PostgreSQL has it: a flush that fails midway leaves the rest for the next one, and what
     * it merged twice merges to the same.
     */
    Uni<Integer> flush(int shard) {
        return flushBatch(shard, 0);
    }

    private Uni<Integer> flushBatch(int shard, int before) {
        return redis.execute("progress-read", "LRANGE", list(shard), "0", Integer.toString(config.batchSize() - 1))
                .chain(entries -> {
                    if (entries == null || entries.size() == 0) {
                        return Uni.createFrom().item(before);
                    }
                    List<BufferedHeartbeat> batch = new ArrayList<>(entries.size());
                    long last = -1;
                    for (Response entry : entries) {
                        String text = entry.toString();
                        last = Math.max(last, BufferedHeartbeat.sequenceOf(text));
                        try {
                            batch.add(BufferedHeartbeat.parse(text));
                        } catch (IllegalArgumentException garbage) {
                            LOG.warnf("dropped an entry of the heartbeat buffer that is not a heartbeat");
                        }
                    }
                    long flushed = last;
                    boolean full = entries.size() >= config.batchSize();
                    return store.merge(batch)
                            .chain(() -> redis.eval(TRIM, List.of(list(shard)), Long.toString(flushed),
                                    Integer.toString(config.batchSize())))
                            .chain(() -> full ? flushBatch(shard, before + batch.size())
                                    : Uni.createFrom().item(before + batch.size()));
                });
    }

    int shard(UUID videoId, String learner) {
        return Math.floorMod(videoId.hashCode() * 31 + learner.hashCode(), config.shards());
    }

    /** One list's keys share a Redis Cluster hash slot ({@code {n}}), so one script may touch them all. */
    private String key(int shard, String name) {
        return config.keyPrefix() + "{" + shard + "}:" + name;
    }

    /** The Redis list of one shard. */
    String list(int shard) {
        return key(shard, "buffer");
    }
}
