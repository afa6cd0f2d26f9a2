package com.coursevideo.progress;

import java.util.UUID;

/**
 * A heartbeat as the buffer holds it, with when it was received and when the learner's heartbeat
 * before it (for this video) was, both by Redis's clock: the one clock every replica shares.
 *
 * @param sequence its place in its buffer list
 * @param receivedAt epoch milliseconds
 * @param previousAt epoch milliseconds of the learner's previous heartbeat for the video; -1: none known
 */
record BufferedHeartbeat(long sequence, long receivedAt, long previousAt, UUID videoId, double position,
        Stretches watched, String learner) {

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

    /** What the application hands the buffer's script, which puts {@code sequence|receivedAt|previousAt|} before it. */
    static String payload(UUID videoId, double position, Stretches watched, String learner) {
        return videoId + "|" + position + "|" + watched.encode() + "|" + learner;
    }

    /** The entry read back; the learner comes last, since a token's sub may hold anything. */
    static BufferedHeartbeat parse(String entry) {
        String[] parts = entry.split("\\|", 7);
        if (parts.length != 7) {
            throw new IllegalArgumentException("not a buffered heartbeat");
        }
        return new BufferedHeartbeat(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                "-".equals(parts[2]) ? -1 : Long.parseLong(parts[2]), UUID.fromString(parts[3]),
                Double.parseDouble(parts[4]), Stretches.decode(parts[5]), parts[6]);
    }

    /** The sequence number an entry starts with; -1 when it has none. */
    static long sequenceOf(String entry) {
        int bar = entry.indexOf('|');
        try {
            return Long.parseLong(bar < 0 ? entry : entry.substring(0, bar));
        } catch (NumberFormatException garbage) {
            return -1;
        }
    }
}
