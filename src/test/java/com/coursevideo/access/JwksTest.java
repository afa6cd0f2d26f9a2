package com.coursevideo.access;

import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.AsAdmin;
import com.coursevideo.cache.CacheMetrics;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The platform's keys from a JWKS URL ({@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}): fetched when first
 * needed, so a JWKS that cannot be reached makes tokens fail as 401 (never 500) until it can, and a
 * token signed with a key the cached JWKS lacks makes the service fetch it again.
 */
@QuarkusTest
@TestProfile(JwksTest.Profile.class)
class JwksTest {

    private static final KeyPair FIRST = TestTokens.newKeyPair();
    private static final KeyPair ROTATED = TestTokens.newKeyPair();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("test.jwks.port", Integer.toString(port),
                    "mp.jwt.verify.publickey.location", "http://127.0.0.1:" + port + "/.well-known/jwks.json",
                    // a kid the cache lacks is fetched again at once, for the rotation test
                    "smallrye.jwt.jwks.forced-refresh-interval", "0");
        }
    }

    private HttpServer jwks;

    @AfterEach
    void stopJwks() {
        if (jwks != null) {
            jwks.stop(0);
            jwks = null;
        }
    }

    @Test
    void anUnreachableJwksIsUnauthenticatedUntilItIsBack() {
        KeyPair keys = TestTokens.newKeyPair();
        String token = token(keys, "unreachable");
        // nothing listens on the JWKS port: whether or not keys were fetched before, this kid is unknown
        AsAdmin.withToken(token).when().post("/api/videos/sync")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").body("code", equalTo("UNAUTHENTICATED"));

        serve(List.of(jwk(keys, "unreachable")));
        CacheMetrics.awaitTrue("the service recovers once its JWKS is back", PATIENCE,
                () -> AsAdmin.withToken(token).when().post("/api/videos/sync").statusCode() == 200);
    }

    @Test
    void aKeyTheJwksGainedIsFetchedForTheTokenThatNeedsIt() {
        serve(List.of(jwk(FIRST, "first")));
        CacheMetrics.awaitTrue("the first key works", PATIENCE, () -> AsAdmin.anonymous()
                .auth().oauth2(token(FIRST, "first")).when().post("/api/videos/sync").statusCode() == 200);
        stopJwks();
        serve(List.of(jwk(FIRST, "first"), jwk(ROTATED, "rotated")));
        // fetched again for the unknown kid (jose4j spaces two fetches at least 300 ms apart)
        CacheMetrics.awaitTrue("the rotated key is fetched", PATIENCE, () -> AsAdmin.anonymous()
                .auth().oauth2(token(ROTATED, "rotated")).when().post("/api/videos/sync").statusCode() == 200);
        // a key it never published stays refused
        AsAdmin.withToken(token(TestTokens.newKeyPair(), "rotated")).when().post("/api/videos/sync")
                .then().statusCode(401);
    }

    private static String token(KeyPair keys, String kid) {
        return TestTokens.claims().groups(Viewer.ADMIN).jws().keyId(kid).sign(keys.getPrivate());
    }

    private void serve(List<String> keys) {
        int port = ConfigProvider.getConfig().getValue("test.jwks.port", Integer.class);
        byte[] body = ("{\"keys\":[" + String.join(",", keys) + "]}").getBytes(StandardCharsets.UTF_8);
        try {
            jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
    }

    private static String jwk(KeyPair keys, String kid) {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        return "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                + TestTokens.base64Url(unsigned(key.getModulus().toByteArray())) + "\",\"e\":\""
                + TestTokens.base64Url(unsigned(key.getPublicExponent().toByteArray())) + "\"}";
    }

    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement[0] == 0 ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length)
                : twosComplement;
    }
}
