package com.coursevideo.database;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long a request may wait on the serving pool ({@link BoundedPool}). */
@ConfigMapping(prefix = "video.database.pool")
public interface PoolConfig {

    /**
     * The longest a statement may run, waiting on locks included ({@code statement_timeout} and
     * {@code lock_timeout}); past it the request is {@code 503 DATABASE_ERROR} with
     * {@code Retry-After}. Migrations (the JDBC pool) have no limit.
     */
    @WithDefault("5S")
    Duration statementTimeout();

    /** The longest a request waits for a connection before it is {@code 503 DATABASE_ERROR}. */
    @WithDefault("2S")
    Duration connectionWait();

    /** Requests that may wait for a connection at once; more are {@code 503 DATABASE_ERROR} at once. */
    @WithDefault("1000")
    int maxWaiting();
}
