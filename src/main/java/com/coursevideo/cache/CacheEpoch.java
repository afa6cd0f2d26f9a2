package com.coursevideo.cache;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The stamp every cached value carries besides its generation. When an invalidation cannot
 * reach Redis, the entries it meant to drop may still be there once Redis is back; this instance
 * then stops using the cache until it has replaced the epoch in Redis, which turns every entry
 * stamped before into a miss, here at once and on other replicas at their next refresh.
 */
@ApplicationScoped
class CacheEpoch {

    private static final Logger LOG = Logger.getLogger(CacheEpoch.class);
    /** What an epoch is while Redis has none (a new or restarted Redis). */
    private static final String NONE = "0";

    private final CacheRedis redis;
    private final CacheConfig config;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong lostInvalidations = new AtomicLong();
    private volatile long lostInvalidationsCovered;
    private volatile String current;

    CacheEpoch(CacheRedis redis, CacheConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** The epoch to stamp and check entries with, or null while the cache must not be used. */
    String current() {
        return lostInvalidations.get() > lostInvalidationsCovered ? null : current;
    }

    void invalidationLost() {
        lostInvalidations.incrementAndGet();
    }

    @Scheduled(every = "${video.cache.epoch-refresh:1S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        long lost = lostInvalidations.get();
        if (lost > lostInvalidationsCovered) {
            String epoch = HexFormat.of().toHexDigits(random.nextLong());
            return redis.execute("epoch", "SET", key(), epoch)
                    .invoke(() -> {
                        current = epoch;
                        lostInvalidationsCovered = lost;
                        LOG.infof("cache epoch moved on after %d lost invalidations", lost);
                    })
                    .replaceWithVoid()
                    .onFailure().recoverWithNull();
        }
        return redis.execute("epoch", "GET", key())
                .invoke(response -> current = response == null ? NONE : response.toString())
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private String key() {
        return config.keyPrefix() + "epoch";
    }
}
