package com.coursevideo.cloudflare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Checks a Stream token the way Cloudflare would: RS256 over header.payload, with the key's public half. */
final class SignedTokens {

    private SignedTokens() {
    }

    static void assertValid(String token, String uid, String keyId, PrivateKey key) throws Exception {
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length, "a JWS compact token");
        Base64.Decoder base64 = Base64.getUrlDecoder();
        ObjectMapper json = new ObjectMapper();
        JsonNode header = json.readTree(base64.decode(parts[0]));
        JsonNode claims = json.readTree(base64.decode(parts[1]));
        assertEquals("RS256", header.path("alg").asText());
        assertEquals(keyId, header.path("kid").asText());
        assertEquals(uid, claims.path("sub").asText());
        assertEquals(keyId, claims.path("kid").asText());
        long now = Instant.now().getEpochSecond();
        assertTrue(claims.path("exp").asLong() > now + 3000 && claims.path("exp").asLong() <= now + 3600 + 5,
                "exp is about an hour ahead: " + claims);
        assertTrue(claims.path("nbf").asLong() <= now + 5 && claims.path("nbf").asLong() > now - 3600, "nbf: " + claims);

        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
        PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(base64.decode(parts[2])), "the signature verifies with the signing key");
    }
}
