package com.coursevideo.cloudflare.budget;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cache.CacheConfig;
import com.coursevideo.redis.LuaScript;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * One Cloudflare API budget for the whole fleet: a token bucket in Redis, taken from atomically
 * by a Lua script on Redis's own clock, so every replica draws from the same tokens. Sync (and
 * other background work) leaves a reserve to user-facing calls and waits for tokens; a user
 * call waits briefly, then fails. A 429 pauses the fleet for its {@code Retry-After}. Without
 * Redis each replica falls back to its own share of the budget.
 */
@ApplicationScoped
public class CloudflareBudget {

    public enum Priority {
        /** A request a person waits for. */
        USER,
        /** Background work: sync rounds, retried deletions. */
        BACKGROUND;

        /** A job's priority: a person waits for an urgent one (it was started by a request). */
        public static Priority of(boolean urgent) {
            return urgent ? USER : BACKGROUND;
        }
    }

    /** KEYS: the bucket. ARGV: capacity, tokens per second, tokens to leave, pause ms. Returns ms to wait (0: taken). */
    private static final LuaScript TAKE = LuaScript.of("budget", """
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
            local capacity = tonumber(ARGV[1])
            local per_ms = tonumber(ARGV[2]) / 1000
            local reserve = tonumber(ARGV[3])
            local pause_ms = tonumber(ARGV[4])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'paused_until')
            local tokens = tonumber(state[1]) or capacity
            local at = tonumber(state[2]) or now
            local paused_until = tonumber(state[3]) or 0
            tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
            local wait = 0
            if pause_ms > 0 then
              paused_until = math.max(paused_until, now + pause_ms)
              wait = paused_until - now
            elseif now < paused_until then
              wait = paused_until - now
            elseif tokens >= 1 + reserve then
              tokens = tokens - 1
            else
              wait = math.ceil((1 + reserve - tokens) / per_ms)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now, 'paused_until', paused_until)
            redis.call('PEXPIRE', KEYS[1], 3600000)
            return wait
            """);

    private final BudgetRedis redis;
    private final BudgetConfig config;
    private final MeterRegistry metrics;
    private final String key;
    private final int capacity;
    private final double perSecond;
    private final int reserve;
    private final LocalBucket local;

    CloudflareBudget(BudgetRedis redis, BudgetConfig config, CacheConfig cache, MeterRegistry metrics) {
        this.redis = redis;
        this.config = config;
        this.metrics = metrics;
        this.key = cache.keyPrefix() + "{cloudflare-budget}";
        double allowed = config.requests() * (1 - config.safetyMargin());
        this.capacity = (int) Math.max(1, Math.min(config.burst(), allowed));
        // the bucket's capacity plus what refills in a window never exceeds what the window allows
        this.perSecond = Math.max(allowed - capacity, 1) / (config.per().toMillis() / 1000.0);
        this.reserve = (int) Math.ceil(capacity * config.userReserve());
        this.local = new LocalBucket(Math.max(1, capacity / config.expectedReplicas()),
                perSecond / config.expectedReplicas());
    }

    /** Waits (without blocking) until the call may go to Cloudflare. */
    public Uni<Void> take(Priority priority) {
        return tryTake(priority, 0).chain(wait -> {
            if (wait <= 0) {
                return Uni.createFrom().voidItem();
            }
            if (priority == Priority.USER && wait > config.userMaxWait().toMillis()) {
                return Uni.createFrom().failure(new Spent(Math.max(1, wait / 1000)));
            }
            metrics.counter("video.cloudflare.budget.waits", "priority", priority.name().toLowerCase()).increment();
            metrics.counter("video.cloudflare.budget.waited.ms", "priority", priority.name().toLowerCase()).increment(wait);
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(wait))
                    .chain(() -> take(priority));
        });
    }

    /** Cloudflare answered 429: nobody in the fleet calls it until {@code retryAfter} has passed. */
    public Uni<Void> pause(Duration retryAfter) {
        local.pause(retryAfter);
        return tryTake(Priority.USER, Math.max(1, retryAfter.toMillis())).replaceWithVoid();
    }

    private Uni<Long> tryTake(Priority priority, long pauseMillis) {
        int leave = priority == Priority.USER ? 0 : reserve;
        return redis.eval(TAKE, List.of(key), Integer.toString(capacity), Double.toString(perSecond),
                        Integer.toString(leave), Long.toString(pauseMillis))
                .map(wait -> wait.toLong())
                // Redis is unreachable: this replica's own, smaller share
                .onFailure().recoverWithItem(() -> pauseMillis > 0 ? 0L : local.take(leave));
    }

    /** The per-replica fallback: the same bucket, in memory, with a 1/replicas share. */
    static final class LocalBucket {
        private final double capacity;
        private final double perMilli;
        private double tokens;
        private long at = System.currentTimeMillis();
        private long pausedUntil;

        LocalBucket(double capacity, double perSecond) {
            this.capacity = capacity;
            this.perMilli = perSecond / 1000;
            this.tokens = capacity;
        }

        synchronized long take(int leave) {
            long now = System.currentTimeMillis();
            tokens = Math.min(capacity, tokens + (now - at) * perMilli);
            at = now;
            if (now < pausedUntil) {
                return pausedUntil - now;
            }
            double needed = 1 + Math.min(leave, capacity - 1);
            if (tokens >= needed) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((needed - tokens) / perMilli);
        }

        synchronized void pause(Duration duration) {
            pausedUntil = Math.max(pausedUntil, System.currentTimeMillis() + duration.toMillis());
        }
    }

    /** A person's call refused because the fleet's budget would make them wait too long: not a Cloudflare failure. */
    public static final class Spent extends RuntimeException {
        Spent(long retryInSeconds) {
            super("the Cloudflare API budget is spent; retry in " + retryInSeconds + " s", null, false, false);
        }
    }
}
