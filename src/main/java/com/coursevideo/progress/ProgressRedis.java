package com.coursevideo.progress;

import java.time.Duration;

import jakarta.inject.Singleton;

import com.coursevideo.redis.RedisGuard;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;

/** The heartbeat buffer's Redis calls: a breaker of their own, failures in {@code progress.redis.errors}. */
@Singleton
class ProgressRedis extends RedisGuard {

    ProgressRedis(ReactiveRedisDataSource redis, ProgressConfig config, MeterRegistry metrics) {
        super(redis, "progress buffer", "progress.redis.errors", config.operationTimeout(), 10, 0.5, Duration.ofSeconds(2),
                metrics);
    }
}
