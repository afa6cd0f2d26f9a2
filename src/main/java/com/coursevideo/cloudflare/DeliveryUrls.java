package com.coursevideo.cloudflare;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * Playback and thumbnail URLs under the delivery base. For a video that requires signed URLs,
 * a token signed here (RS256, no Cloudflare call per view) takes the uid's place in the path.
 */
@ApplicationScoped
public class DeliveryUrls {

    private final StreamAccount account;
    private final CloudflareConfig config;

    DeliveryUrls(StreamAccount account, CloudflareConfig config) {
        this.account = account;
        this.config = config;
    }

    /**
     * What goes in the URL path in place of the video: its uid, or a signed token.
     * @param notAfter the end of the video's release window (null: open): a token never outlives it
     */
    public String pathKey(String uid, boolean requireSignedUrls, Instant notAfter) {
        return requireSignedUrls ? signedToken(uid, notAfter) : uid;
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

    /** Cloudflare's self-signed token: header {@code kid}; claims {@code sub}, {@code kid}, {@code exp}, {@code nbf}. */
    String signedToken(String uid, Instant notAfter) {
        String keyId = account.signingKeyId().orElseThrow(() -> new VideoError(ErrorCode.CLOUDFLARE_ERROR,
                "this video requires signed URLs and no Stream signing key is configured"));
        Instant now = Instant.now();
        Instant expiry = now.plus(config.signedUrlTtl());
        if (notAfter != null && notAfter.isBefore(expiry)) {
            expiry = notAfter;
        }
        return Jwt.claims()
                .subject(uid)
                .claim("kid", keyId)
                .claim("nbf", now.getEpochSecond())
                .expiresAt(expiry)
                .jws()
                .keyId(keyId)
                .algorithm(SignatureAlgorithm.RS256)
                .sign(account.signingKey().orElseThrow());
    }
}
