package com.coursevideo.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks secrets and signatures: a secret is {@code whsec_} + base64 of 32 random bytes;
 * a delivery is signed with the HMAC-SHA256 of {@code <webhook-id>.<webhook-timestamp>.<body>} under
 * the decoded bytes, sent as {@code v1,<base64>} (several, space-separated, while a rotated secret
 * still signs).
 */
final class WebhookSecret {

    static final String PREFIX = "whsec_";

    private WebhookSecret() {
    }

    static String generate() {
        byte[] key = new byte[32];
        // a SecureRandom of its own (secrets are made seldom): one kept in a static field would be
        // made while the native image is built, its seed frozen into the executable (the build refuses it)
        new SecureRandom().nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header: one {@code v1,<signature>} per secret. */
    static String signatures(List<String> secrets, String id, long timestamp, String body) {
        return secrets.stream().map(secret -> "v1," + sign(secret, id, timestamp, body)).collect(Collectors.joining(" "));
    }

    static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
