package com.coursevideo.library;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When the library is reconciled, and how a run is shared between replicas. */
@ConfigMapping(prefix = "video.reconciliation")
public interface ReconciliationConfig {

    /**
     * When the scheduled run starts ({@code VIDEO_RECONCILIATION_CRON}, Quartz syntax; {@code off}
     * for none): daily at 03:30 by default.
     */
    @WithDefault("0 30 3 * * ?")
    String cron();

    /**
     * How often an unfinished run whose replica is gone is looked for, and taken over from its
     * cursor ({@code VIDEO_RECONCILIATION_RESUME_INTERVAL}: a duration such as {@code 5M}, or {@code off}).
     */
    @WithDefault("5M")
    String resumeInterval();

    /** How long a run's lease lasts; it is renewed with every page, so only a dead replica lets it run out. */
    @WithDefault("2M")
    Duration lease();

    /** How many finished runs are kept. */
    @WithDefault("10")
    int keep();
}
