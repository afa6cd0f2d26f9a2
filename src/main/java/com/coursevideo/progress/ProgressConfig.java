package com.coursevideo.progress;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Learner progress ({@code PROGRESS_*}): how heartbeats are buffered in Redis and flushed to PostgreSQL. */
@ConfigMapping(prefix = "progress")
public interface ProgressConfig {

    /**
     * {@code PROGRESS_FLUSH_INTERVAL}: how often every instance flushes the heartbeats buffered in
     * Redis to PostgreSQL. An acknowledged heartbeat is in PostgreSQL within about this long.
     */
    @WithDefault("5S")
    Duration flushInterval();

    /**
     * How many Redis streams the buffer is spread over: each is one {@code progress.flush} job of the
     * work queue, so up to this many instances flush at once. Changing it strands nothing: the
     * streams of a smaller count are flushed by an instance that still knows them, so lower it only
     * after a flush interval with no heartbeats.
     */
    @WithDefault("4")
    int shards();

    /** Heartbeats read from one stream and merged into PostgreSQL by one statement. */
    @WithDefault("2000")
    int batchSize();

    /**
     * How long the time of a learner's latest heartbeat for a video is remembered, to measure the
     * next one's elapsed time by. A heartbeat after a longer silence counts as a first one.
     */
    @WithDefault("6H")
    Duration heartbeatMemory();

    /** Every Redis key of the buffer starts with it (no braces: they choose Redis Cluster's hash slots). */
    @WithDefault("cv:progress:")
    String keyPrefix();

    /**
     * The longest one Redis call of a heartbeat may take before the heartbeat goes to PostgreSQL
     * directly. Longer than the cache's: going around Redis costs a heartbeat a commit of its own,
     * which a busy moment should not turn into a habit.
     */
    @WithDefault("1S")
    Duration operationTimeout();

    /**
     * How long a heartbeat may go by what this instance read of its video a moment ago (duration,
     * visibility) rather than read it again: heartbeats come every few seconds from every learner
     * watching, and a video changes seldom. A video that stopped being visible to learners may take
     * their heartbeats for this long after; its reads never are answered from here.
     */
    @WithDefault("2S")
    Duration videoMemory();

    /** How long a graceful shutdown waits for its last flush. */
    @WithDefault("10S")
    Duration shutdownFlushTimeout();
}
