package com.coursevideo.sync;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The batch status sync of videos Cloudflare is still processing. */
@ConfigMapping(prefix = "video.sync")
public interface SyncConfig {

    /** Run the scheduled job on this instance. */
    @WithDefault("true")
    boolean enabled();

    /** How often the job runs a round. */
    @WithDefault("30S")
    Duration interval();

    /** Videos claimed at a time. */
    @WithDefault("100")
    int batchSize();

    /** Videos synced at once by one instance. */
    @WithDefault("8")
    int concurrency();

    /** How long a claim holds; a replica that dies mid-batch frees its videos when it runs out. */
    @WithDefault("2M")
    Duration lease();

    /** After a sync (or a webhook), when the video is polled next. */
    @WithDefault("30S")
    Duration pollInterval();

    /** A sync round checks a generated caption in progress at Cloudflare when it was not checked for this long (a webhook about its video checks at once). */
    @WithDefault("30S")
    Duration captionPollInterval();

    /** After a failed sync, the first wait; it doubles with each failure in a row. */
    @WithDefault("30S")
    Duration backoff();

    @WithDefault("30M")
    Duration maxBackoff();

    /** On shutdown, how long the syncs under way may take to finish before their claims are handed back. */
    @WithDefault("10S")
    Duration shutdownGrace();

    /** A video processing for longer than this is reported as stuck and polled at {@link #stuckPollInterval()}. */
    @WithDefault("6H")
    Duration stuckAfter();

    @WithDefault("1H")
    Duration stuckPollInterval();
}
