package com.coursevideo.cache;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Redis read-through cache in front of PostgreSQL. */
@ConfigMapping(prefix = "video.cache")
public interface CacheConfig {

    /** Off: every read goes to PostgreSQL and writes touch no Redis (for measurements). */
    @WithDefault("true")
    boolean enabled();

    /** Every key starts with it (no braces in it: they would change Redis Cluster's hash slots). */
    @WithDefault("cv:")
    String keyPrefix();

    /** How long a video (by id, or by course and lesson) stays cached. */
    @WithDefault("1H")
    Duration videoTtl();

    /** How long a course's video list stays cached. */
    @WithDefault("30M")
    Duration listTtl();

    /** The longest any one Redis call may take before the request goes on without it. */
    @WithDefault("250MS")
    Duration operationTimeout();

    /**
     * How often each instance reads the cache epoch, the stamp that a Redis outage with lost
     * invalidations moves on: the bound on how long another replica can serve such an entry.
     */
    @WithDefault("1S")
    Duration epochRefresh();

    /**
     * How much cached JSON (characters) a replica keeps decoded, so that an entry is decoded once
     * while it lasts, not at every hit (a course's list: not at every page). Decoded, a character
     * takes a few bytes of heap; 16M is about 50 MB at most.
     */
    @WithDefault("16M")
    MemorySize decodedSize();

    /**
     * The key of the HMAC every cached entry carries ({@code VIDEO_CACHE_SIGNING_KEY}, from the
     * Secret; 32 random bytes, e.g. {@code openssl rand -base64 32}). With it, someone who can write
     * to Redis but does not hold it cannot change what learners are answered: an altered or forged
     * entry is a miss. Every replica needs the same key. Without it (dev, test) entries are checked
     * for integrity only, and a production start warns.
     */
    Optional<String> signingKey();

    /** The circuit breaker that stops calling a dead Redis. */
    Breaker breaker();

    interface Breaker {

        /** How many recent calls the failure ratio is measured over. */
        @WithDefault("10")
        int window();

        /** The share of failed calls in the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker waits before letting a trial call through. */
        @WithDefault("2S")
        Duration delay();
    }
}
