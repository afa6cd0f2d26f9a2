package com.coursevideo.video;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The status sync of videos Cloudflare is still processing (jobs {@code video.sync} of the work
 * queue, which {@code video.work.poll-interval} runs), and the checks of generated captions.
 */
@ConfigMapping(prefix = "video.sync")
public interface SyncConfig {

    /** Videos claimed at a time. */
    @WithDefault("100")
    int batchSize();

    /** Videos synced at once by one instance. */
    @WithDefault("8")
    int concurrency();

    /** How long a claim holds; an instance that dies mid-batch frees its videos when it runs out. */
    @WithDefault("2M")
    Duration lease();

    /** After a sync (or a webhook), when the video is polled next. */
    @WithDefault("30S")
    Duration pollInterval();

    /** How often a generated caption in progress is checked at Cloudflare (a webhook about its video checks at once). */
    @WithDefault("30S")
    Duration captionPollInterval();

    /** After a failed sync, the first wait; it doubles with each failure in a row. */
    @WithDefault("30S")
    Duration backoff();

    @WithDefault("30M")
    Duration maxBackoff();

    /** A video processing for longer than this is reported as stuck and polled at {@link #stuckPollInterval()}. */
    @WithDefault("6H")
    Duration stuckAfter();

    @WithDefault("1H")
    Duration stuckPollInterval();
}
