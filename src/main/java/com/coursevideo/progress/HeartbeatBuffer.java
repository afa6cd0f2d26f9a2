package com.coursevideo.progress;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.redis.LuaScript;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
     * KEYS: the list, its sequence, then each heartbeat's learner's last heartbeat time; ARGV: the
     * memory in ms, then each heartbeat's payload. Appends them in their order, each with its own
     * sequence number. One {@code SET … GET} reads and writes a time (Redis 6.2 on); numbers are
     * written as Lua prints them, whole milliseconds in at most 14 digits until the year 5138.
     */
    private static final LuaScript APPEND = LuaScript.of("progress-append", """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local n = #ARGV - 1
            local seq = redis.call('INCRBY', KEYS[2], n) - n
            local entries = {}
            for i = 1, n do
              local at = now
              local prev = redis.call('SET', KEYS[i + 2], at, 'PX', ARGV[1], 'GET')
              if prev then
                prev = tonumber(prev)
                if prev >= at then
                  at = prev + 1
                  redis.call('SET', KEYS[i + 2], at, 'PX', ARGV[1])
                end
              end
              entries[i] = (seq + i) .. '|' .. at .. '|' .. (prev or '-') .. '|' .. ARGV[i + 1]
            end
            redis.call('RPUSH', KEYS[1], unpack(entries))
            return n
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

    /** The most heartbeats one script call appends. */
    private static final int MOST_AT_ONCE = 64;

    private final ProgressRedis redis;
    private final ProgressStore store;
    private final ProgressConfig config;
    private final String memoryMillis;
    private final Counter buffered;
    private final Counter direct;
    private final Lane[] lanes;

    HeartbeatBuffer(ProgressRedis redis, ProgressStore store, ProgressConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.store = store;
        this.config = config;
        this.memoryMillis = Long.toString(config.heartbeatMemory().toMillis());
        this.buffered = metrics.counter("progress.heartbeats", "path", "buffered");
        this.direct = metrics.counter("progress.heartbeats", "path", "direct");
        this.lanes = new Lane[config.shards()];
        for (int shard = 0; shard < lanes.length; shard++) {
            lanes[shard] = new Lane(shard);
        }
    }

    /**
     * Records the heartbeat: in Redis, or, when Redis cannot take it, in PostgreSQL at once. It goes
     * with the other heartbeats of its list that wait for Redis ({@link Lane}).
     */
    Uni<Void> add(UUID videoId, String learner, double position, Stretches watched) {
        return Uni.createFrom().emitter(emitter -> lanes[shard(videoId, learner)].add(
                new Waiting(videoId, learner, position, watched, emitter, Vertx.currentContext())));
    }

    /** Appends the heartbeats to the list in one script call, or merges them into PostgreSQL when Redis fails. */
    private Uni<Void> append(int shard, List<Waiting> heartbeats) {
        List<String> keys = new ArrayList<>(heartbeats.size() + 2);
        keys.add(list(shard));
        keys.add(key(shard, "seq"));
        String[] arguments = new String[heartbeats.size() + 1];
        arguments[0] = memoryMillis;
        for (int i = 0; i < heartbeats.size(); i++) {
            Waiting heartbeat = heartbeats.get(i);
            keys.add(key(shard, "last:" + heartbeat.videoId + ":" + heartbeat.learner));
            arguments[i + 1] = BufferedHeartbeat.payload(heartbeat.videoId, heartbeat.position, heartbeat.watched,
                    heartbeat.learner);
        }
        return redis.eval(APPEND, keys, arguments)
                .invoke(() -> buffered.increment(heartbeats.size()))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.debugf("%d heartbeats written to PostgreSQL directly, Redis failed: %s", heartbeats.size(),
                            failure.toString());
                    direct.increment(heartbeats.size());
                    // no previous time known: each counts as a first heartbeat (credits at most 30 s)
                    long now = System.currentTimeMillis();
                    return store.merge(heartbeats.stream().map(heartbeat -> new BufferedHeartbeat(0, now, -1,
                            heartbeat.videoId, heartbeat.position, heartbeat.watched, heartbeat.learner)).toList())
                            .replaceWithVoid();
                });
    }

    /** A heartbeat waiting for Redis, and the request's context, where its answer is to go on. */
    private record Waiting(UUID videoId, String learner, double position, Stretches watched,
            UniEmitter<? super Void> emitter, Context context) {

        void finish(Throwable failure) {
            Runnable done = failure == null ? () -> emitter.complete(null) : () -> emitter.fail(failure);
            if (context == null || context == Vertx.currentContext()) {
                done.run();
            } else {
                context.runOnContext(ignored -> done.run());
            }
        }
    }

    /**
     * The heartbeats of one list on their way to Redis: one script call under way at a time, and the
     * heartbeats that come meanwhile go together in the next one (at most {@link #MOST_AT_ONCE}).
     * Under load one call appends many; a heartbeat that finds no call under way goes at once.
     */
    private final class Lane {

        private final int shard;
        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        private boolean sending;

        Lane(int shard) {
            this.shard = shard;
        }

        void add(Waiting heartbeat) {
            List<Waiting> batch;
            synchronized (this) {
                waiting.add(heartbeat);
                if (sending) {
                    return;
                }
                sending = true;
                batch = take();
            }
            send(batch);
        }

        private void send(List<Waiting> batch) {
            append(shard, batch).subscribe().with(done -> sent(batch, null), failure -> sent(batch, failure));
        }

        private void sent(List<Waiting> batch, Throwable failure) {
            for (Waiting heartbeat : batch) {
                heartbeat.finish(failure);
            }
            List<Waiting> next;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    sending = false;
                    return;
                }
                next = take();
            }
            send(next);
        }

        /** The next batch; the caller holds the lock. */
        private List<Waiting> take() {
            List<Waiting> batch = new ArrayList<>(Math.min(waiting.size(), MOST_AT_ONCE));
            while (!waiting.isEmpty() && batch.size() < MOST_AT_ONCE) {
                batch.add(waiting.poll());
            }
            return batch;
        }
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
