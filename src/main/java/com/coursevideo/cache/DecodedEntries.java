package com.coursevideo.cache;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Values decoded from cache hits, by Redis key and entry signature, so that an entry is decoded
 * once per replica while it lasts: a learner's page of a 10,000-video course is cut from the list
 * decoded before, not from 5 MB of JSON decoded again. The signature covers the key, the stamp
 * (epoch, format, generation) and the JSON, so an entry replaced or invalidated in Redis never
 * finds a value of its predecessor here, and a value is only looked up after its entry's signature
 * was checked. Bounded by the length of the JSON the values came from (about: the accounting is not
 * locked); past the bound the memo is dropped whole, so the read path keeps no LRU order.
 * Whoever gets a value must not change it: lists come back unmodifiable.
 */
final class DecodedEntries {

    private final long maxChars;
    private final ConcurrentHashMap<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong chars = new AtomicLong();

    DecodedEntries(long maxChars) {
        this.maxChars = maxChars;
    }

    /** The value of the entry {@code name} with {@code signature}: known, or {@code decode(text)} (null: not usable). */
    @SuppressWarnings("unchecked")
    <T> T get(String name, String signature, String text, Function<String, T> decode) {
        String id = name + '\n' + signature;
        Object known = values.get(id);
        if (known != null) {
            return (T) known;
        }
        T value = decode.apply(text);
        if (value == null || text.length() > maxChars) {
            return value;
        }
        Object kept = value instanceof List<?> list ? Collections.unmodifiableList(list) : value;
        if (chars.addAndGet(text.length()) > maxChars) {
            values.clear();
            chars.set(text.length());
        }
        values.put(id, kept);
        return (T) kept;
    }
}
