package com.coursevideo.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import com.coursevideo.cache.CacheMetrics;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/** Kept tokens: verified once, used until they expire, never matched without their signature. */
class VerifiedTokensTest {

    private final VerifiedTokens tokens;

    VerifiedTokensTest() {
        JWTAuthContextInfo settings = new JWTAuthContextInfo(TestTokens.keys().getPublic(), TestTokens.ISSUER);
        settings.setClockSkew(0);
        tokens = new VerifiedTokens(new DefaultJWTParser(settings), settings);
    }

    @Test
    void aTokenIsVerifiedOnceAndThenKept() throws Exception {
        String token = TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN));
        JsonWebToken first = tokens.parse(token);
        assertSame(first, tokens.parse(token));
        assertNotSame(first, tokens.parse(TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN))));
    }

    @Test
    void aKeptTokenIsRefusedOnceItExpires() throws Exception {
        String token = TestTokens.sign(TestTokens.claims().expiresAt(Instant.now().plusSeconds(2)));
        tokens.parse(token);
        CacheMetrics.awaitTrue("refused after its exp", Duration.ofSeconds(15), () -> {
            try {
                tokens.parse(token);
                return false;
            } catch (ParseException expired) {
                return true;
            }
        });
    }

    @Test
    void aTokenWithAnotherSignatureIsVerifiedNotMatched() throws Exception {
        String token = TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN));
        tokens.parse(token);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + TestTokens.base64Url(new byte[256]);
        assertThrows(ParseException.class, () -> tokens.parse(forged));
        assertEquals(TestTokens.ISSUER, tokens.parse(token).getIssuer());
    }
}
