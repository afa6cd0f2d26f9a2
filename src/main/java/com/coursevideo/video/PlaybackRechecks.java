package com.coursevideo.video;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareConfig;

import io.smallrye.mutiny.Uni;

/**
 * Playback's live checks of videos that are not ready yet: at most one per video per
 * {@code cloudflare.playback-recheck} on this instance. Requests that come while a check is under
 * way, or soon after it, share its outcome (including its failure) instead of calling Cloudflare.
 */
@ApplicationScoped
class PlaybackRechecks {

    /** Beyond this many videos checked recently, the expired checks are forgotten. */
    private static final int TIDY_ABOVE = 10_000;

    private final Duration recheck;
    private final Map<UUID, Check> checks = new ConcurrentHashMap<>();

    PlaybackRechecks(CloudflareConfig config) {
        this.recheck = config.playbackRecheck();
    }

    /** The outcome of the recent check of this video, or of {@code check} run now and shared. */
    @SuppressWarnings("unchecked")
    <T> Uni<T> shared(UUID videoId, Supplier<Uni<? extends T>> check) {
        Instant now = Instant.now();
        Check current = checks.compute(videoId, (id, recent) -> recent != null && now.isBefore(recent.until) ? recent
                : new Check(Uni.createFrom().<T> deferred(check).memoize().indefinitely(), now.plus(recheck)));
        tidy(now);
        return (Uni<T>) current.outcome;
    }

    private void tidy(Instant now) {
        if (checks.size() > TIDY_ABOVE) {
            checks.values().removeIf(check -> !now.isBefore(check.until));
        }
    }

    private record Check(Uni<?> outcome, Instant until) {
    }
}
