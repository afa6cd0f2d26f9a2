package com.coursevideo.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import com.coursevideo.cache.CacheMetrics;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Kept tokens: verified once, used until they expire, never matched without their signature, and
 * no more of them than their total length allows.
 */
class VerifiedTokensTest {

    private final VerifiedTokens tokens = keeping(1024 * 1024);

    private static VerifiedTokens keeping(long maxLength) {
        JWTAuthContextInfo settings = new JWTAuthContextInfo(TestTokens.keys().getPublic(), TestTokens.ISSUER);
        settings.setClockSkew(0);
        return new VerifiedTokens(new DefaultJWTParser(settings), settings, maxLength);
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

    @Test
    void theTokensKeptNeverExceedTheirLengthBudget() throws Exception {
        String first = TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN));
        String second = TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN));
        String third = TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN));
        VerifiedTokens bounded = keeping(first.length() + second.length() + third.length() / 2);

        JsonWebToken firstVerified = bounded.parse(first);
        JsonWebToken secondVerified = bounded.parse(second);
        assertEquals(first.length() + second.length(), bounded.keptLength());
        assertSame(firstVerified, bounded.parse(first));
        assertSame(secondVerified, bounded.parse(second));

        // the third does not fit beside them: room is made, and it is kept
        JsonWebToken thirdVerified = bounded.parse(third);
        assertEquals(third.length(), bounded.keptLength());
        assertSame(thirdVerified, bounded.parse(third));
        assertNotSame(firstVerified, bounded.parse(first), "verified again");
        assertTrue(bounded.keptLength() <= first.length() + second.length() + third.length() / 2);
    }

    @Test
    void aTokenLongerThanTheWholeBudgetIsNeverKept() throws Exception {
        String token = TestTokens.sign(TestTokens.claims().groups(Viewer.ADMIN));
        VerifiedTokens bounded = keeping(token.length() - 1);
        JsonWebToken verified = bounded.parse(token);
        assertNotSame(verified, bounded.parse(token));
        assertEquals(0, bounded.keptLength());
    }
}
