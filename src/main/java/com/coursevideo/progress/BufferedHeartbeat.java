package com.coursevideo.progress;

import java.util.UUID;

/**
 * A heartbeat as the buffer holds it, with when it was received and when the learner's heartbeat
 * before it (for this video) was, both by Redis's clock: the one clock every replica shares.
 *
 * @param receivedAt epoch milliseconds
 * @param previousAt epoch milliseconds of the learner's previous heartbeat for the video; -1: none known
 */
record BufferedHeartbeat(long receivedAt, long previousAt, UUID videoId, double position, Stretches watched,
        String learner) {

    /** A first heartbeat counts as coming this long after the previous one. */
    static final long FIRST_ELAPSED_MILLIS = 10_000;
    private static final long GRACE_MILLIS = 10_000;

    /**
     * What this heartbeat may add to the coverage: at most {@code 2 × elapsed + 10} seconds of it,
     * from its earliest stretch on. The allowance is this heartbeat's own (its stretches are cut, not
     * what they add to the coverage), so the coverage stays a union of fixed sets: whatever order
     * heartbeats are merged in, it comes out the same.
     */
    Stretches credited() {
        long elapsed = previousAt < 0 ? FIRST_ELAPSED_MILLIS : Math.max(0, receivedAt - previousAt);
        return watched.atMost(2 * elapsed + GRACE_MILLIS);
    }

    /** This heartbeat, following the learner's heartbeat of that time. */
    BufferedHeartbeat after(long previous) {
        return new BufferedHeartbeat(receivedAt, previous, videoId, position, watched, learner);
    }

    /** Whose heartbeat for which video: the buffer remembers the latest time of each. */
    String videoAndLearner() {
        return videoId + ":" + learner;
    }

    /** What the buffer's entry holds; the learner comes last, since a token's sub may hold anything. */
    static String payload(UUID videoId, double position, Stretches watched, String learner) {
        return videoId + "|" + position + "|" + watched.encode() + "|" + learner;
    }

    /** The entry read back, received at that time, with no previous heartbeat known yet. */
    static BufferedHeartbeat parse(String payload, long receivedAt) {
        String[] parts = payload.split("\\|", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a buffered heartbeat");
        }
        return new BufferedHeartbeat(receivedAt, -1, UUID.fromString(parts[0]), Double.parseDouble(parts[1]),
                Stretches.decode(parts[2]), parts[3]);
    }
}
