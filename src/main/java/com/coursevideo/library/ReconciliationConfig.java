package com.coursevideo.library;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When the library is reconciled, and how a run is shared between instances. */
@ConfigMapping(prefix = "video.reconciliation")
public interface ReconciliationConfig {

    /**
     * When the scheduled run starts ({@code VIDEO_RECONCILIATION_CRON}, Quartz syntax; {@code off}
     * for none): daily at 03:30 by default.
     */
    @WithDefault("0 30 3 * * ?")
    String cron();

    /**
     * How long after Cloudflare or the database stopped a run it is taken up again from its cursor
     * ({@code VIDEO_RECONCILIATION_RESUME_INTERVAL}); the next request for a run takes it up at once.
     * A run whose instance died is taken over when its lease runs out.
     */
    @WithDefault("5M")
    Duration resumeInterval();

    /** How long a run's lease lasts; it is renewed with every page, so only a dead instance lets it run out. */
    @WithDefault("2M")
    Duration lease();

    /** How many finished runs are kept. */
    @WithDefault("10")
    int keep();
}
