package com.coursevideo.cloudflare;

import java.security.PrivateKey;
import java.util.Optional;

/**
 * The Cloudflare Stream account the service talks to: where its API is, its credentials, where
 * playback URLs point, the webhook secret and the Stream signing key. Made once at start-up by
 * {@link StreamAccounts} (dev mode may make one for its local fake instead). Holds secrets: it has
 * no {@code toString}, and nothing here is logged.
 */
public final class StreamAccount {

    private final String apiBaseUrl;
    private final String accountId;
    private final String token;
    private final String deliveryBase;
    private final String webhookSecret;
    private final String signingKeyId;
    private final PrivateKey signingKey;

    /**
     * @param deliveryBase where playback URLs point; a trailing slash is dropped
     * @param signingKeyId null without a signing key (signed videos then cannot be played)
     */
    public StreamAccount(String apiBaseUrl, String accountId, String token, String deliveryBase, String webhookSecret,
            String signingKeyId, PrivateKey signingKey) {
        this.apiBaseUrl = apiBaseUrl;
        this.accountId = accountId;
        this.token = token;
        this.deliveryBase = deliveryBase != null && deliveryBase.endsWith("/")
                ? deliveryBase.substring(0, deliveryBase.length() - 1) : deliveryBase;
        this.webhookSecret = webhookSecret;
        this.signingKeyId = signingKeyId;
        this.signingKey = signingKey;
    }

    public String apiBaseUrl() {
        return apiBaseUrl;
    }

    public String accountId() {
        return accountId;
    }

    String authorization() {
        return "Bearer " + token;
    }

    /** Where playback and thumbnail URLs point, without a trailing slash. */
    public String deliveryBase() {
        return deliveryBase;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    public Optional<String> signingKeyId() {
        return Optional.ofNullable(signingKeyId);
    }

    public Optional<PrivateKey> signingKey() {
        return Optional.ofNullable(signingKey);
    }
}
