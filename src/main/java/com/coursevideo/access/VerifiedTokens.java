package com.coursevideo.access;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The bearer-token verifier the service uses: smallrye-jwt's, with the tokens it verified kept for
 * a while. A learner's session sends the same token with every request, and checking its RSA
 * signature and parsing its claims again each time cost about half the throughput of a cached
 * read (bench/RESULTS.md). A kept token is the exact text that verified, so nothing can match it
 * without its signature; it is used only until its {@code exp} (with the configured clock skew)
 * and for at most {@link #KEEP} (so that a key taken out of the platform's JWKS stops working
 * soon after).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    static final Duration KEEP = Duration.ofMinutes(5);
    private static final int MAX_TOKENS = 50_000;

    private final DefaultJWTParser verifier;
    private final long clockSkewSeconds;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    VerifiedTokens(DefaultJWTParser verifier, JWTAuthContextInfo settings) {
        this.verifier = verifier;
        this.clockSkewSeconds = settings.getClockSkew();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = System.currentTimeMillis() / 1000;
        Verified kept = verified.get(token);
        if (kept != null && now <= kept.usableUntil) {
            return kept.token;
        }
        JsonWebToken fresh = verifier.parse(token);
        if (verified.size() >= MAX_TOKENS) {
            verified.values().removeIf(entry -> entry.usableUntil < now);
            if (verified.size() >= MAX_TOKENS) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(fresh, Math.min(fresh.getExpirationTime() + clockSkewSeconds,
                now + KEEP.toSeconds())));
        return fresh;
    }

    private record Verified(JsonWebToken token, long usableUntil) {
    }

    // The rest is smallrye-jwt's, unchanged.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
