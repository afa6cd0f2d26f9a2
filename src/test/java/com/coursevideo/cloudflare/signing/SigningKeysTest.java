package com.coursevideo.cloudflare.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signing key in each form an operator may paste: Cloudflare's own, PKCS#1 PEM, PKCS#8 PEM. */
class SigningKeysTest {

    static PrivateKey key;

    @BeforeAll
    static void generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair().getPrivate();
    }

    @Test
    void readsCloudflaresBase64OfAPkcs1Pem() {
        String cloudflare = Base64.getEncoder().encodeToString(pem("RSA PRIVATE KEY", SigningKeys.pkcs1Of(key))
                .getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(key.getEncoded(), SigningKeys.parse(cloudflare).getEncoded());
    }

    @Test
    void readsAPkcs1Pem() {
        assertArrayEquals(key.getEncoded(), SigningKeys.parse(pem("RSA PRIVATE KEY", SigningKeys.pkcs1Of(key))).getEncoded());
    }

    @Test
    void readsAPkcs8Pem() {
        assertArrayEquals(key.getEncoded(), SigningKeys.parse(pem("PRIVATE KEY", key.getEncoded())).getEncoded());
    }

    @Test
    void refusesWhatIsNotAnRsaPrivateKey() {
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.parse("not a key"));
        assertThrows(IllegalArgumentException.class,
                () -> SigningKeys.parse("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
