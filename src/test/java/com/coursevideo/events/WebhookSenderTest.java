package com.coursevideo.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestCertificates;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;

/**
 * Deliveries over https, as production sends them: the sender connects to the address it checked
 * but names the URL's host for TLS (SNI) and in {@code Host}, and verifies the endpoint's certificate
 * for that name; a certificate for another name, or from an authority nobody trusts, gets nothing.
 */
class WebhookSenderTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static TestCertificates certificates;
    private static final Map<String, String> seen = new ConcurrentHashMap<>();

    @BeforeAll
    static void startEndpoint() throws Exception {
        Path directory = Files.createTempDirectory("webhook-tls");
        certificates = TestCertificates.forName(directory, directory.resolve("ca.crt"), "localhost", "DNS:localhost");
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificates.certificate().toString())
                                .setKeyPath(certificates.key().toString())))
                .requestHandler(request -> {
                    seen.put("host", request.host());
                    seen.put("sni", String.valueOf(request.connection().indicatedServerName()));
                    seen.put("signature", String.valueOf(request.getHeader("webhook-signature")));
                    request.response().setStatusCode(204).endAndForget();
                })
                .listenAndAwait(0, "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        server.closeAndAwait();
        vertx.closeAndAwait();
    }

    @Test
    void deliversOverHttpsToTheCheckedAddressUnderTheUrlsHostName() {
        WebhookSender sender = sender(true);
        String url = "https://localhost:" + server.actualPort() + "/hooks";
        WebhookSender.Answer answer = sender.send(url, "msg_1", List.of(WebhookSecret.generate()), "{}")
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(204, answer.status(), String.valueOf(answer.error()));
        assertEquals("localhost", seen.get("sni"), "TLS named the URL's host");
        assertTrue(seen.get("host").startsWith("localhost"), seen.get("host"));
        assertTrue(seen.get("signature").startsWith("v1,"));
        sender.close();
    }

    @Test
    void aCertificateForAnotherNameOrFromAnUnknownAuthorityGetsNothing() {
        WebhookSender trusting = sender(true);
        WebhookSender.Answer otherName = trusting.send("https://127.0.0.1:" + server.actualPort() + "/hooks", "msg_2",
                List.of(WebhookSecret.generate()), "{}").await().atMost(Duration.ofSeconds(10));
        assertNull(otherName.status(), "the certificate names localhost, not 127.0.0.1");
        trusting.close();

        WebhookSender stranger = sender(false);
        WebhookSender.Answer untrusted = stranger.send("https://localhost:" + server.actualPort() + "/hooks", "msg_3",
                List.of(WebhookSecret.generate()), "{}").await().atMost(Duration.ofSeconds(10));
        assertNull(untrusted.status(), "a certificate from an authority the JVM does not trust");
        stranger.close();
    }

    private static WebhookSender sender(boolean trustTheTestAuthority) {
        EventsConfig config = EndpointAddressesTest.config(true, true);
        HttpClientOptions options = new HttpClientOptions();
        if (trustTheTestAuthority) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(certificates.ca().toString()));
        }
        return new WebhookSender(config, new EndpointAddresses(config, vertx), vertx, options);
    }
}
