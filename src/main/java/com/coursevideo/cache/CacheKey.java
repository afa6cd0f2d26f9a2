package com.coursevideo.cache;

import java.time.Duration;

/**
 * One cache entry: {@code name} holds the value, {@code name + ":gen"} its generation. The name
 * starts with a Redis Cluster hash tag, so that both, and every entry of the same tag, live in
 * one hash slot and can go to one script.
 *
 * @param family what kind of entry, for metrics: {@code video}, {@code lesson}, {@code list}, {@code captions} or {@code caption_file}
 * @param format the shape of the JSON stored: an entry written with another is a miss
 */
public record CacheKey(String family, String format, String name, Duration ttl) {

    public String generation() {
        return name + ":gen";
    }

    /** The hash tag: the text between the first '{' and the next '}'. */
    String slotTag() {
        int open = name.indexOf('{');
        int close = name.indexOf('}', open + 1);
        return name.substring(open + 1, close);
    }
}
