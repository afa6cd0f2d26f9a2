package com.coursevideo.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads the cache's counters in tests. */
public final class CacheMetrics {

    private final MeterRegistry registry;

    public CacheMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The counter's total over all its tags that match {@code tags} (key, value, ...). */
    public double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Every cache counter with its tags, for failure messages. */
    public String dump() {
        StringBuilder all = new StringBuilder();
        registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith("video.cache") && meter instanceof Counter)
                .forEach(meter -> all.append(meter.getId().getName()).append(meter.getId().getTags())
                        .append('=').append(((Counter) meter).count()).append(' '));
        return all.toString();
    }

    public static void awaitTrue(String what, Duration limit, BooleanSupplier condition) {
        awaitTrue(() -> what, limit, condition);
    }

    public static void awaitTrue(Supplier<String> what, Duration limit, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + limit + ": " + what.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
