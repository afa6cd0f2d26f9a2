package com.coursevideo.progress;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import com.coursevideo.error.VideoError;

/**
 * Watched stretches in milliseconds: sorted, disjoint, none empty (a union). Heartbeats are merged
 * as unions, which neither order nor repetition changes.
 *
 * @param bounds from, to, from, to, … in milliseconds
 */
record Stretches(long[] bounds) {

    static final Stretches NONE = new Stretches(new long[0]);
    /** A player may report a little past the duration the row holds (the media's own is measured otherwise). */
    private static final double SLACK_SECONDS = 1.0;

    /**
     * The heartbeat's stretches against the video's duration (unknown: unbounded): a bound past it
     * (beyond a second's slack, which is cut off) is {@code INVALID_INPUT}.
     */
    static Stretches read(Heartbeat heartbeat, Double duration) {
        if (duration != null && heartbeat.position() > duration + SLACK_SECONDS) {
            throw VideoError.invalidInput("position must be at most the video's duration (" + duration + " s)");
        }
        long[] bounds = new long[heartbeat.watched().size() * 2];
        int i = 0;
        for (List<Double> stretch : heartbeat.watched()) {
            if (duration != null && stretch.get(1) > duration + SLACK_SECONDS) {
                throw VideoError.invalidInput("watched must end at most at the video's duration (" + duration + " s)");
            }
            bounds[i++] = millis(stretch.get(0), duration);
            bounds[i++] = millis(stretch.get(1), duration);
        }
        return union(bounds);
    }

    /** The position, within the duration. */
    static double position(Heartbeat heartbeat, Double duration) {
        return duration == null ? heartbeat.position() : Math.min(heartbeat.position(), duration);
    }

    private static long millis(double seconds, Double duration) {
        return Math.round((duration == null ? seconds : Math.min(seconds, duration)) * 1000);
    }

    /** The union of any stretches, given as from, to pairs. */
    static Stretches union(long[] pairs) {
        int count = pairs.length / 2;
        long[][] sorted = new long[count][];
        for (int i = 0; i < count; i++) {
            sorted[i] = new long[] { pairs[2 * i], pairs[2 * i + 1] };
        }
        Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
        long[] merged = new long[count * 2];
        int n = 0;
        for (long[] stretch : sorted) {
            if (stretch[1] <= stretch[0]) {
                continue; // empty once in milliseconds
            }
            if (n > 0 && stretch[0] <= merged[n - 1]) {
                merged[n - 1] = Math.max(merged[n - 1], stretch[1]);
            } else {
                merged[n++] = stretch[0];
                merged[n++] = stretch[1];
            }
        }
        return new Stretches(Arrays.copyOf(merged, n));
    }

    static Stretches union(Collection<Stretches> all) {
        int size = all.stream().mapToInt(stretches -> stretches.bounds.length).sum();
        long[] pairs = new long[size];
        int i = 0;
        for (Stretches stretches : all) {
            System.arraycopy(stretches.bounds, 0, pairs, i, stretches.bounds.length);
            i += stretches.bounds.length;
        }
        return union(pairs);
    }

    /** The first {@code allowance} milliseconds of these stretches, from the earliest; the rest is left out. */
    Stretches atMost(long allowance) {
        long left = allowance;
        List<Long> kept = new ArrayList<>();
        for (int i = 0; i < bounds.length && left > 0; i += 2) {
            long length = Math.min(bounds[i + 1] - bounds[i], left);
            kept.add(bounds[i]);
            kept.add(bounds[i] + length);
            left -= length;
        }
        return new Stretches(kept.stream().mapToLong(Long::longValue).toArray());
    }

    long millis() {
        long total = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            total += bounds[i + 1] - bounds[i];
        }
        return total;
    }

    /** As a buffered heartbeat holds them: {@code from:to,from:to} in milliseconds. */
    String encode() {
        StringBuilder text = new StringBuilder(bounds.length * 8);
        for (int i = 0; i < bounds.length; i += 2) {
            if (i > 0) {
                text.append(',');
            }
            text.append(bounds[i]).append(':').append(bounds[i + 1]);
        }
        return text.toString();
    }

    static Stretches decode(String text) {
        if (text.isEmpty()) {
            return NONE;
        }
        String[] stretches = text.split(",");
        long[] bounds = new long[stretches.length * 2];
        for (int i = 0; i < stretches.length; i++) {
            int colon = stretches[i].indexOf(':');
            bounds[2 * i] = Long.parseLong(stretches[i], 0, colon, 10);
            bounds[2 * i + 1] = Long.parseLong(stretches[i], colon + 1, stretches[i].length(), 10);
        }
        return union(bounds);
    }

    /** A PostgreSQL {@code nummultirange} of seconds: {@code {[1.5,3.25),[7,9)}}. */
    String multirange() {
        StringBuilder text = new StringBuilder(bounds.length * 10 + 2).append('{');
        for (int i = 0; i < bounds.length; i += 2) {
            if (i > 0) {
                text.append(',');
            }
            text.append('[').append(seconds(bounds[i])).append(',').append(seconds(bounds[i + 1])).append(')');
        }
        return text.append('}').toString();
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Stretches that && Arrays.equals(bounds, that.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        return multirange();
    }
}
