package com.coursevideo.cache;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Every Redis call of the cache goes through here: a short timeout, a circuit breaker that stops
 * calling a Redis that keeps failing, and failures logged at debug and counted. Callers still see
 * the failure, so that each decides what it means (a read goes to PostgreSQL, a lost invalidation
 * moves the epoch on).
 */
@ApplicationScoped
public class GuardedRedis {

    private static final Logger LOG = Logger.getLogger(GuardedRedis.class);

    private final ReactiveRedisDataSource redis;
    private final CacheConfig config;
    private final MeterRegistry metrics;
    private final TypedGuard<Uni<Response>> breaker;

    GuardedRedis(ReactiveRedisDataSource redis, CacheConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.config = config;
        this.metrics = metrics;
        this.breaker = TypedGuard.create(new TypeLiteral<Uni<Response>>() {
        })
                .withCircuitBreaker()
                .requestVolumeThreshold(config.breaker().window())
                .failureRatio(config.breaker().failureRatio())
                .delay(config.breaker().delay().toMillis(), ChronoUnit.MILLIS)
                // a script Redis has not seen yet is not a sick Redis
                .when(failure -> !isNoScript(failure))
                .onStateChange(state -> LOG.infof("Redis cache circuit breaker %s", state))
                .done()
                .build();
    }

    /** @param operation what the call is for, in logs and the error metric */
    public Uni<Response> execute(String operation, String command, String... arguments) {
        return breaker.get(() -> redis.execute(command, arguments)
                        .ifNoItem().after(config.operationTimeout())
                        .failWith(() -> new TimeoutException("Redis did not answer in " + config.operationTimeout())))
                .onFailure(failure -> !isNoScript(failure)).invoke(failure -> {
                    LOG.debugf("Redis %s failed: %s", operation, failure.toString());
                    metrics.counter("video.cache.errors", "operation", operation, "reason", reason(failure))
                            .increment();
                });
    }

    /** Runs the script by its SHA, sending its source only when Redis does not have it yet. */
    public Uni<Response> eval(LuaScript script, List<String> keys, String... arguments) {
        return execute(script.name(), "EVALSHA", commandLine(script.sha(), keys, arguments))
                .onFailure(GuardedRedis::isNoScript)
                .recoverWithUni(() -> execute(script.name(), "EVAL", commandLine(script.source(), keys, arguments)));
    }

    private static String[] commandLine(String script, List<String> keys, String... arguments) {
        List<String> line = new ArrayList<>(2 + keys.size() + arguments.length);
        line.add(script);
        line.add(Integer.toString(keys.size()));
        line.addAll(keys);
        line.addAll(List.of(arguments));
        return line.toArray(String[]::new);
    }

    /** circuit-open: not sent at all; timeout: sent, Redis did not answer in time; redis-error: anything else. */
    private static String reason(Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException) {
            return "circuit-open";
        }
        return failure instanceof TimeoutException ? "timeout" : "redis-error";
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }
}
