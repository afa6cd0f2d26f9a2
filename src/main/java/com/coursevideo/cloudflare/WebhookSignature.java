package com.coursevideo.cloudflare;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cloudflare's {@code Webhook-Signature: time=<unix seconds>,sig1=<hex>}: the hex HMAC-SHA256
 * of {@code <time>.<raw body>} under the webhook secret's bytes. The header and its time are
 * checked before the body is read ({@link #parse}, {@link #freshAt}), the HMAC once it has been
 * ({@link #signs}).
 */
public record WebhookSignature(String time, String signature) {

    /** The header's parts; empty when it is missing or malformed. */
    public static Optional<WebhookSignature> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String time = null;
        String signature = null;
        for (String part : header.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equals("time")) {
                time = pair[1];
            } else if (pair.length == 2 && pair[0].equals("sig1")) {
                signature = pair[1];
            }
        }
        if (time == null || signature == null || !time.matches("\\d{1,12}")) {
            return Optional.empty();
        }
        return Optional.of(new WebhookSignature(time, signature.toLowerCase(Locale.ROOT)));
    }

    /** Whether its time is within {@code tolerance} of {@code now}. */
    public boolean freshAt(Instant now, Duration tolerance) {
        return Math.abs(now.getEpochSecond() - Long.parseLong(time)) <= tolerance.toSeconds();
    }

    /** Whether it is the signature of {@code body} under {@code secret}, compared in constant time. */
    public boolean signs(byte[] body, String secret) {
        if (secret == null || secret.isEmpty()) {
            return false;
        }
        byte[] expected = sign(secret, time, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    public static String sign(String secret, String time, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((time + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
