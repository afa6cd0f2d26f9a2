package com.coursevideo.cloudflare.budget;

import jakarta.inject.Singleton;

import com.coursevideo.cache.CacheConfig;
import com.coursevideo.redis.RedisGuard;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;

/**
 * The Cloudflare budget's Redis calls: the same timeout and breaker settings as the cache's
 * ({@code video.cache.*}), but a breaker of its own, and its failures in
 * {@code video.cloudflare.budget.redis.errors}: a budget in trouble never turns the cache off, nor the
 * other way round.
 */
@Singleton
class BudgetRedis extends RedisGuard {

    BudgetRedis(ReactiveRedisDataSource redis, CacheConfig config, MeterRegistry metrics) {
        super(redis, "Cloudflare budget", "video.cloudflare.budget.redis.errors", config.operationTimeout(),
                config.breaker().window(), config.breaker().failureRatio(), config.breaker().delay(), metrics);
    }
}
