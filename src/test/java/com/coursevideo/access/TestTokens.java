package com.coursevideo.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Real bearer tokens for the tests, signed with a key pair the tests make (kept under
 * {@code target/test-keys}, so the surefire and failsafe runs and every restarted service share
 * it); {@link TokenKeys} hands the public key to the service under test.
 */
public final class TestTokens {

    public static final String ISSUER = "https://course-platform.test";
    public static final String AUDIENCE = "course-video-service";
    static final Path DIRECTORY = Path.of("target", "test-keys").toAbsolutePath();

    private static KeyPair keys;

    private TestTokens() {
    }

    public static String admin() {
        return claims().groups(Viewer.ADMIN).sign(keys().getPrivate());
    }

    /** A learner enrolled in these courses; none means a token without a {@code courses} claim. */
    public static String learner(String... courseIds) {
        JwtClaimsBuilder claims = claims().groups("student");
        if (courseIds.length > 0) {
            claims.claim(Viewers.COURSES_CLAIM, List.of(courseIds));
        }
        return claims.sign(keys().getPrivate());
    }

    /** Valid claims for an hour: issuer, audience, subject. */
    public static JwtClaimsBuilder claims() {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("user-" + UUID.randomUUID())
                .expiresIn(Duration.ofHours(1));
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.sign(keys().getPrivate());
    }

    /**
     * A compact JWS put together by hand, for tokens no JWT library would make: {@code alg: none},
     * a missing {@code exp}, HMAC keyed with the public key.
     */
    public static String raw(String headerJson, String payloadJson, SignatureMaker signer) {
        String signingInput = base64Url(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            return signingInput + "." + base64Url(signer.sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    public interface SignatureMaker {
        byte[] sign(byte[] input) throws GeneralSecurityException;
    }

    /** RS256 with the tests' trusted key. */
    public static byte[] rs256(byte[] input) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(keys().getPrivate());
        signature.update(input);
        return signature.sign();
    }

    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static synchronized KeyPair keys() {
        if (keys == null) {
            keys = loadOrCreate();
        }
        return keys;
    }

    /** The trusted public key as a PEM file, which {@code mp.jwt.verify.publickey.location} names. */
    static Path publicKeyFile() {
        Path file = DIRECTORY.resolve("public.pem");
        write(file, pem("PUBLIC KEY", keys().getPublic().getEncoded()));
        return file;
    }

    public static String publicKeyPem() {
        return pem("PUBLIC KEY", keys().getPublic().getEncoded());
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first caller in any class loader or JVM writes the key; everyone after reads that one. */
    private static KeyPair loadOrCreate() {
        Path file = DIRECTORY.resolve("private.pem");
        if (!Files.exists(file)) {
            try {
                Files.createDirectories(DIRECTORY);
                Path draft = Files.createTempFile(DIRECTORY, "private", ".pem");
                Files.writeString(draft, pem("PRIVATE KEY", newKeyPair().getPrivate().getEncoded()));
                Files.move(draft, file);
            } catch (FileAlreadyExistsException someoneElseWasFirst) {
                // read theirs below
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            String text = Files.readString(file).replaceAll("-----[A-Z ]+-----|\\s", "");
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
            PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), text.getBytes(StandardCharsets.US_ASCII))) {
                Path draft = Files.createTempFile(file.getParent(), "public", ".pem");
                Files.writeString(draft, text);
                Files.move(draft, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
