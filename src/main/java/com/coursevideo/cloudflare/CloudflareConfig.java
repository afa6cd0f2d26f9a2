package com.coursevideo.cloudflare;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Cloudflare Stream. Each setting is also read from the environment variable of the contract
 * ({@code cloudflare.api-token} from {@code CLOUDFLARE_API_TOKEN}, and so on). Secrets come from
 * the environment only and are never logged.
 */
@ConfigMapping(prefix = "cloudflare")
public interface CloudflareConfig {

    @WithDefault("https://api.cloudflare.com/client/v4")
    String apiBaseUrl();

    Optional<String> accountId();

    /** Bearer token (secret). */
    Optional<String> apiToken();

    /** e.g. {@code https://customer-abc123.cloudflarestream.com}: where playback URLs point. */
    Optional<String> streamDeliveryBaseUrl();

    /** The secret Cloudflare returned when the webhook was registered (secret). */
    Optional<String> webhookSecret();

    Optional<String> streamSigningKeyId();

    /** The signing key's RSA private key: Cloudflare's {@code pem} (base64 of PKCS#1 PEM), or a PEM (secret). */
    Optional<String> streamSigningKeyPem();

    /** How long a signed playback token is valid; at most 24 h (Cloudflare's limit), a longer one is cut to that. */
    @WithDefault("1H")
    Duration signedUrlTtl();

    /**
     * How often playback asks Cloudflare about a video that is not ready yet, per video and
     * instance; requests in between share the last answer. Ready videos are never asked.
     */
    @WithDefault("10S")
    Duration playbackRecheck();

    /** How far a webhook's {@code time} may be from now before it is refused as a replay. */
    @WithDefault("5M")
    Duration webhookTolerance();

    /** The longest one Cloudflare call (one attempt) may take. */
    @WithDefault("5S")
    Duration timeout();

    /** Retries of an idempotent call (GET, DELETE) after a 5xx or a timeout. */
    @WithDefault("2")
    int retries();

    /** The first retry's delay; it doubles each time. */
    @WithDefault("200MS")
    Duration retryBackoff();

    /** The longest {@code Retry-After} of a 429 a request waits out before retrying once; longer ones fail it. */
    @WithDefault("2S")
    Duration maxRetryAfterWait();

    /** How long a direct creator upload URL stays valid. */
    @WithDefault("30M")
    Duration uploadExpiry();

    /**
     * How long after a direct upload was asked for its slot counts as orphaned if no video was
     * registered for it (a failed registration, a crash, a client gone); it is deleted then.
     */
    @WithDefault("10M")
    Duration uploadReapAfter();

    /** How long after Cloudflare could not be asked about an upload slot it is looked at again. */
    @WithDefault("5M")
    Duration uploadReapInterval();

    /**
     * How old an upload slot nobody uploaded to and no video references must be before a
     * reconciliation deletes it ({@code CLOUDFLARE_ORPHAN_GRACE}); other orphans are only reported.
     */
    @WithDefault("24H")
    Duration orphanGrace();

    /**
     * The first wait before a deletion or a setting Cloudflare did not confirm is tried again; it
     * doubles with each failure in a row, up to an hour.
     */
    @WithDefault("30S")
    Duration deletionRetryInterval();

    /** Circuit breaker: failures in the last {@code window} calls that open it, and how long it stays open. */
    @WithDefault("20")
    int breakerWindow();

    @WithDefault("0.5")
    double breakerFailureRatio();

    @WithDefault("10S")
    Duration breakerDelay();
}
