package com.coursevideo.redis;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Redis calls of one user of Redis (the cache, the Cloudflare budget), guarded: a short timeout, a
 * circuit breaker of that user's own that stops calling a Redis that keeps failing, and failures
 * logged at debug and counted under that user's metric ({@code operation}, {@code reason} tags).
 * Callers still see the failure, so that each decides what it means. One user's failures never
 * open another's breaker.
 */
public class RedisGuard {

    private static final Logger LOG = Logger.getLogger(RedisGuard.class);

    private final ReactiveRedisDataSource redis;
    private final String user;
    private final String errorMetric;
    private final Duration timeout;
    private final MeterRegistry metrics;
    private final TypedGuard<Uni<Response>> breaker;

    /**
     * @param user who calls, in logs ({@code cache}, {@code budget})
     * @param errorMetric the counter of this user's failures
     * @param window calls the breaker's failure ratio is measured over
     * @param failureRatio the share of failures in the window that opens it
     * @param delay how long it stays open before a trial call
     */
    protected RedisGuard(ReactiveRedisDataSource redis, String user, String errorMetric, Duration timeout, int window,
            double failureRatio, Duration delay, MeterRegistry metrics) {
        this.redis = redis;
        this.user = user;
        this.errorMetric = errorMetric;
        this.timeout = timeout;
        this.metrics = metrics;
        this.breaker = TypedGuard.create(new TypeLiteral<Uni<Response>>() {
        })
                .withCircuitBreaker()
                .requestVolumeThreshold(window)
                .failureRatio(failureRatio)
                .delay(delay.toMillis(), ChronoUnit.MILLIS)
                // a script Redis has not seen yet is not a sick Redis
                .when(failure -> !isNoScript(failure))
                .onStateChange(state -> LOG.infof("Redis circuit breaker of the %s %s", user, state))
                .done()
                .build();
    }

    /** @param operation what the call is for, in logs and the error metric */
    public Uni<Response> execute(String operation, String command, String... arguments) {
        return breaker.get(() -> redis.execute(command, arguments)
                        .ifNoItem().after(timeout)
                        .failWith(() -> new TimeoutException("Redis did not answer in " + timeout)))
                .onFailure(failure -> !isNoScript(failure)).invoke(failure -> {
                    LOG.debugf("Redis %s of the %s failed: %s", operation, user, failure.toString());
                    metrics.counter(errorMetric, "operation", operation, "reason", reason(failure)).increment();
                });
    }

    /** Runs the script by its SHA, sending its source only when Redis does not have it yet. */
    public Uni<Response> eval(LuaScript script, List<String> keys, String... arguments) {
        return execute(script.name(), "EVALSHA", commandLine(script.sha(), keys, arguments))
                .onFailure(RedisGuard::isNoScript)
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
