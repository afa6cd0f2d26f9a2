package com.coursevideo.cloudflare;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * tus's {@code Upload-Metadata} header: comma-separated pairs of a key and its value in base64,
 * separated by a space; a key alone is a flag (its value is empty). Keys are unique and ASCII
 * without spaces or commas.
 */
public final class TusMetadata {

    private TusMetadata() {
    }

    /**
     * The pairs of the header, in its order; an absent or blank header has none.
     *
     * @throws IllegalArgumentException naming what is malformed: a repeated key, a key with
     *         spaces, a value that is not base64 or not UTF-8 text
     */
    public static Map<String, String> parse(String header) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return pairs;
        }
        for (String pair : header.split(",", -1)) {
            String[] parts = pair.strip().split(" ", -1);
            String key = parts[0];
            if (key.isEmpty() || parts.length > 2) {
                throw new IllegalArgumentException("each pair must be a key and its base64 value, separated by one space");
            }
            String value = parts.length == 2 ? decode(key, parts[1]) : "";
            if (pairs.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("key " + key + " appears twice");
            }
        }
        return pairs;
    }

    /** The header for these pairs; an empty value is sent as a flag (the key alone). */
    public static String format(Map<String, String> pairs) {
        StringJoiner header = new StringJoiner(",");
        pairs.forEach((key, value) -> header.add(value.isEmpty() ? key
                : key + " " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return header.toString();
    }

    private static String decode(String key, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("the value of " + key + " is not base64");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notText) {
            throw new IllegalArgumentException("the value of " + key + " is not UTF-8 text");
        }
    }
}
