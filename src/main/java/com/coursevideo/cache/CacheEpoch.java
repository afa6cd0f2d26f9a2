package com.coursevideo.cache;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.redis.LuaScript;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The stamp every cached value carries besides its generation; a new epoch turns every entry
 * stamped before into a miss. It moves on when the entries in Redis may be older than what was
 * acknowledged:
 * <ul>
 * <li>an invalidation could not reach Redis: the writer records the loss in PostgreSQL
 * ({@code cache_invalidations_lost}) before it answers, and every replica stops using the cache
 * from its next refresh until one of them has replaced the epoch and deleted the record, so the
 * loss is acted on even if the writer dies before Redis is back;</li>
 * <li>Redis itself changed (a restart that reloaded an old snapshot, a failover to a replica that
 * missed the last writes): its {@code run_id} differs from the one seen before.</li>
 * </ul>
 * A replica whose refresh fails does not use the cache until a refresh succeeds again, so that it
 * never reads a Redis it has not checked since it came back.
 */
@ApplicationScoped
class CacheEpoch {

    private static final Logger LOG = Logger.getLogger(CacheEpoch.class);
    /** What an epoch is while Redis has none (a new or restarted Redis). */
    private static final String NONE = "0";
    /** KEYS: the epoch. Returns the epoch ('' when none) and the run_id of the server that holds it. */
    private static final LuaScript READ = LuaScript.of("epoch", """
            local info = redis.call('INFO', 'server')
            return {redis.call('GET', KEYS[1]) or '', string.match(info, 'run_id:(%w+)') or ''}
            """);

    private final CacheRedis redis;
    private final CacheConfig config;
    private final Pool pool;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong lostInvalidations = new AtomicLong();
    /** Invalidations that could not reach Redis (each one moves the epoch on). */
    private final Counter lost;
    private volatile long lostInvalidationsCovered;
    /** A loss recorded in PostgreSQL (by any replica) that no epoch covers yet. */
    private volatile boolean lossRecorded;
    private volatile String redisIdentity;
    private volatile String current;

    CacheEpoch(CacheRedis redis, CacheConfig config, Pool pool, MeterRegistry metrics) {
        this.redis = redis;
        this.config = config;
        this.pool = pool;
        this.lost = metrics.counter("video.cache.invalidations.lost");
    }

    /** The epoch to stamp and check entries with, or null while the cache must not be used. */
    String current() {
        return lostInvalidations.get() > lostInvalidationsCovered || lossRecorded ? null : current;
    }

    /** An invalidation did not reach Redis: remembered here, and recorded for every replica. Never fails. */
    Uni<Void> invalidationLost() {
        lostInvalidations.incrementAndGet();
        lost.increment();
        return pool.query("INSERT INTO cache_invalidations_lost DEFAULT VALUES").execute()
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("a lost cache invalidation could not be recorded (%s);"
                        + " this replica moves the epoch on by itself", failure.toString()))
                .onFailure().recoverWithNull();
    }

    @Scheduled(every = "${video.cache.epoch-refresh:1S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        long lost = lostInvalidations.get();
        return recordedLosses()
                .chain(recorded -> {
                    if (recorded > 0) {
                        lossRecorded = true;
                    }
                    return redis.eval(READ, List.of(key())).chain(answer -> {
                        String identity = answer.get(1).toString();
                        boolean redisChanged = redisIdentity != null && !redisIdentity.equals(identity);
                        if (lost > lostInvalidationsCovered || recorded > 0 || redisChanged) {
                            return moveOn(lost, recorded, identity, redisChanged);
                        }
                        String epoch = answer.get(0).toString();
                        current = epoch.isEmpty() ? NONE : epoch;
                        redisIdentity = identity;
                        if (recorded == 0) {
                            lossRecorded = false;
                        }
                        return Uni.createFrom().voidItem();
                    });
                })
                .onFailure().invoke(() -> current = null)
                .onFailure().recoverWithNull();
    }

    private Uni<Void> moveOn(long lost, long recorded, String identity, boolean redisChanged) {
        String epoch = HexFormat.of().toHexDigits(random.nextLong());
        return redis.execute("epoch", "SET", key(), epoch)
                .chain(() -> recorded > 0
                        ? pool.preparedQuery("DELETE FROM cache_invalidations_lost WHERE id <= $1").execute(Tuple.of(recorded))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .invoke(() -> {
                    current = epoch;
                    lostInvalidationsCovered = lost;
                    lossRecorded = false;
                    redisIdentity = identity;
                    LOG.infof("cache epoch moved on: %s", redisChanged ? "Redis is not the server it was"
                            : "invalidations were lost");
                });
    }

    /** The newest recorded loss (0: none); -1 when PostgreSQL cannot say, which leaves what is known as it is. */
    private Uni<Long> recordedLosses() {
        return pool.query("SELECT coalesce(max(id), 0) FROM cache_invalidations_lost").execute()
                .map(rows -> rows.iterator().next().getLong(0))
                .onFailure().recoverWithItem(-1L);
    }

    private String key() {
        return config.keyPrefix() + "epoch";
    }
}
