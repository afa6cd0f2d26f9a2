package com.coursevideo.work;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The work queue's worker on this instance ({@code VIDEO_WORK_*}). */
@ConfigMapping(prefix = "video.work")
public interface WorkConfig {

    /**
     * How often this instance looks for due jobs of every kind ({@code off}: never, as in the
     * tests, which run rounds themselves). Each kind's round runs on its own: a slow kind never
     * holds up another.
     */
    @WithDefault("5S")
    String pollInterval();

    /** On shutdown, how long the jobs under way may take to finish before their claims are handed back. */
    @WithDefault("10S")
    Duration shutdownGrace();
}
