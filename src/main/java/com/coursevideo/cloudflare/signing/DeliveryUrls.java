package com.coursevideo.cloudflare.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.StreamAccount;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * Playback and thumbnail URLs under the delivery base. For a video that requires signed URLs,
 * a token signed here (RS256, no Cloudflare call per view) takes the uid's place in the path. A
 * token is reused while more than half of its lifetime remains: an RSA signature per view would be
 * the playback path's most expensive step.
 */
@ApplicationScoped
public class DeliveryUrls {

    /** Cloudflare accepts tokens valid for at most a day. */
    static final Duration MAX_TTL = Duration.ofHours(24);
    /** {@code nbf} this far back, for players whose clocks run behind. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** Beyond this many videos with a live token, the tokens are dropped and signed again as needed. */
    private static final int MAX_TOKENS = 100_000;

    private final StreamAccount account;
    private final Duration ttl;
    private final Map<TokenKey, Token> tokens = new ConcurrentHashMap<>();

    DeliveryUrls(StreamAccount account, CloudflareConfig config) {
        this.account = account;
        this.ttl = config.signedUrlTtl().compareTo(MAX_TTL) > 0 ? MAX_TTL : config.signedUrlTtl();
    }

    /**
     * What goes in the URL path in place of the video: its uid, or a signed token.
     * @param notAfter the end of the video's release window (null: open): a token never outlives it
     */
    public String pathKey(String uid, boolean requireSignedUrls, Instant notAfter) {
        return requireSignedUrls ? signedToken(uid, notAfter, false, Instant.now()) : uid;
    }

    /**
     * The URL of the video's default MP4 download: under its uid, or for a video that requires
     * signed URLs under a token whose claims include {@code "downloadable": true}.
     */
    public String download(String uid, boolean requireSignedUrls, Instant notAfter) {
        String key = requireSignedUrls ? signedToken(uid, notAfter, true, Instant.now()) : uid;
        return account.deliveryBase() + "/" + key + "/downloads/default.mp4";
    }

    public String hls(String pathKey) {
        return account.deliveryBase() + "/" + pathKey + "/manifest/video.m3u8";
    }

    public String dash(String pathKey) {
        return account.deliveryBase() + "/" + pathKey + "/manifest/video.mpd";
    }

    public String thumbnail(String pathKey) {
        return account.deliveryBase() + "/" + pathKey + "/thumbnails/thumbnail.jpg";
    }

    /** A token for the uid that is valid now and for at least half its lifetime more, signed anew when needed. */
    String signedToken(String uid, Instant notAfter, Instant now) {
        return signedToken(uid, notAfter, false, now);
    }

    private String signedToken(String uid, Instant notAfter, boolean downloadable, Instant now) {
        TokenKey key = new TokenKey(uid, notAfter, downloadable);
        Token reusable = tokens.get(key);
        if (reusable != null && now.isBefore(reusable.renewAt)) {
            return reusable.text;
        }
        if (tokens.size() >= MAX_TOKENS) {
            tokens.clear();
        }
        Token fresh = sign(uid, notAfter, downloadable, now);
        tokens.put(key, fresh);
        return fresh.text;
    }

    /**
     * Cloudflare's self-signed token: header {@code kid}; claims {@code sub}, {@code kid}, {@code exp},
     * {@code nbf}, and {@code downloadable: true} for a download's.
     */
    private Token sign(String uid, Instant notAfter, boolean downloadable, Instant now) {
        String keyId = account.signingKeyId().orElseThrow(() -> new VideoError(ErrorCode.CLOUDFLARE_ERROR,
                "this video requires signed URLs and no Stream signing key is configured"));
        Instant expiry = now.plus(ttl);
        if (notAfter != null && notAfter.isBefore(expiry)) {
            expiry = notAfter;
        }
        var claims = Jwt.claims()
                .subject(uid)
                .claim("kid", keyId);
        if (downloadable) {
            claims.claim("downloadable", true);
        }
        String text = claims
                .claim("nbf", now.minus(CLOCK_SKEW).getEpochSecond())
                .expiresAt(expiry)
                .jws()
                .keyId(keyId)
                .algorithm(SignatureAlgorithm.RS256)
                .sign(account.signingKey().orElseThrow());
        Instant renewAt = now.plus(Duration.between(now, expiry).dividedBy(2));
        return new Token(text, renewAt);
    }

    private record TokenKey(String uid, Instant notAfter, boolean downloadable) {
    }

    private record Token(String text, Instant renewAt) {
    }
}
