package com.coursevideo.cloudflare;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cloudflare's {@code Webhook-Signature: time=<unix seconds>,sig1=<hex>}: the hex HMAC-SHA256
 * of {@code <time>.<raw body>} under the webhook secret's bytes.
 */
public final class WebhookSignature {

    private WebhookSignature() {
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

    /**
     * True only for a well-formed header whose time is within {@code tolerance} of {@code now}
     * and whose signature matches, compared in constant time.
     */
    public static boolean verify(String header, byte[] body, String secret, Instant now, Duration tolerance) {
        if (header == null || secret == null || secret.isEmpty()) {
            return false;
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
            return false;
        }
        long age = Math.abs(now.getEpochSecond() - Long.parseLong(time));
        if (age > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = sign(secret, time, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
