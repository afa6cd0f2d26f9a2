package com.coursevideo.report;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The CSV export ({@link CourseVideoReport}). */
@ConfigMapping(prefix = "video.report")
public interface ReportConfig {

    /**
     * The longest the export's read-only transaction may wait on a client that reads nothing
     * ({@code idle_in_transaction_session_timeout}, set for that transaction only). Past it
     * PostgreSQL ends the session and the download is cut off, instead of a stalled client holding
     * a pooled connection and an old snapshot (which keeps VACUUM from cleaning up) for as long as
     * it keeps its socket open. A client that reads steadily never comes near it.
     */
    @WithDefault("30S")
    Duration idleInTransactionTimeout();
}
