package com.coursevideo.cache;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 (its first 128 bits, in hex) every cached entry carries, over the entry's Redis
 * key, its stamp and generation, and its JSON: someone who can write to Redis but does not hold the
 * key can neither alter an entry nor move one to another key; such an entry is a miss.
 */
final class EntrySigner {

    /** Hex characters of a signature. */
    static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final ThreadLocal<Mac> macs;

    EntrySigner(String key) {
        SecretKeySpec secret = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JVM has HmacSHA256", e);
            }
        });
    }

    /** The signature of the entry {@code name} whose value is {@code stamped} (stamp and generation) and {@code json}. */
    String sign(String name, String stamped, String json) {
        return HEX.formatHex(digest(name, stamped, json));
    }

    /** Whether {@code signature} is the entry's, compared in constant time. */
    boolean verifies(String signature, String name, String stamped, String json) {
        return signature.length() == LENGTH
                && MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
                        HEX.formatHex(digest(name, stamped, json)).getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] digest(String name, String stamped, String json) {
        Mac mac = macs.get();
        mac.update(name.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) '\n');
        mac.update(stamped.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) '\n');
        return Arrays.copyOf(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)), LENGTH / 2);
    }
}
