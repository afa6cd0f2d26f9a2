package com.coursevideo.cache;

import jakarta.inject.Singleton;

import com.coursevideo.redis.RedisGuard;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;

/** The cache's Redis calls: its breaker and timeout from {@code video.cache.*}, its failures in {@code video.cache.errors}. */
@Singleton
public class CacheRedis extends RedisGuard {

    CacheRedis(ReactiveRedisDataSource redis, CacheConfig config, MeterRegistry metrics) {
        super(redis, "cache", "video.cache.errors", config.operationTimeout(), config.breaker().window(),
                config.breaker().failureRatio(), config.breaker().delay(), metrics);
    }
}
