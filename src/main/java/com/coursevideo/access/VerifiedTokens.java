package com.coursevideo.access;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

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
 * soon after). The tokens kept are bounded by their total length
 * ({@link AccessConfig#verifiedTokensSize()}), not by their number: a token may be kilobytes of
 * claims.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    static final Duration KEEP = Duration.ofMinutes(5);

    private final DefaultJWTParser verifier;
    private final long clockSkewSeconds;
    private final long maxLength;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** The total length of the tokens in {@link #verified}. */
    private final AtomicLong length = new AtomicLong();

    @Inject
    VerifiedTokens(DefaultJWTParser verifier, JWTAuthContextInfo settings, AccessConfig config) {
        this(verifier, settings, config.verifiedTokensSize().asLongValue());
    }

    VerifiedTokens(DefaultJWTParser verifier, JWTAuthContextInfo settings, long maxLength) {
        this.verifier = verifier;
        this.clockSkewSeconds = settings.getClockSkew();
        this.maxLength = maxLength;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = System.currentTimeMillis() / 1000;
        Verified kept = verified.get(token);
        if (kept != null && now <= kept.usableUntil) {
            return kept.token;
        }
        JsonWebToken fresh = verifier.parse(token);
        keep(token, new Verified(fresh, Math.min(fresh.getExpirationTime() + clockSkewSeconds, now + KEEP.toSeconds())), now);
        return fresh;
    }

    /** The total length of the tokens kept now. */
    long keptLength() {
        return length.get();
    }

    /**
     * Keeps the token within the length budget: expired tokens make room first, then all the
     * others. Tokens kept at the same moment by other threads may overshoot it by their own length.
     */
    private void keep(String token, Verified entry, long now) {
        if (token.length() > maxLength) {
            return;
        }
        if (length.get() + token.length() > maxLength) {
            verified.forEach((kept, old) -> {
                if (old.usableUntil < now) {
                    forget(kept, old);
                }
            });
            if (length.get() + token.length() > maxLength) {
                verified.forEach(this::forget);
            }
        }
        if (verified.put(token, entry) == null) {
            length.addAndGet(token.length());
        }
    }

    private void forget(String token, Verified entry) {
        if (verified.remove(token, entry)) {
            length.addAndGet(-token.length());
        }
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
