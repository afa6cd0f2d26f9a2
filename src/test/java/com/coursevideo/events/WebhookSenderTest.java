package com.coursevideo.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestCertificates;
import com.coursevideo.cache.CacheMetrics;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpServer;
import io.vertx.mutiny.core.http.HttpServerRequest;
import io.vertx.mutiny.core.http.HttpServerResponse;

/**
 * Deliveries over https, as production sends them: the sender connects to the address it checked
 * but names the URL's host for TLS (SNI) and in {@code Host}, and verifies the endpoint's certificate
 * for that name; a certificate for another name, or from an authority nobody trusts, gets nothing.
 * Deliveries one after another share a connection; an answer whose body never ends does not keep one.
 */
class WebhookSenderTest {

    private static Vertx vertx;
    private static HttpServer server;
    private static TestCertificates certificates;
    private static final Map<String, String> seen = new ConcurrentHashMap<>();
    /** The client ports of the requests (one a connection). */
    private static final Set<Integer> ports = ConcurrentHashMap.newKeySet();
    private static final AtomicLong endlessWritten = new AtomicLong();
    private static final AtomicBoolean endlessClosed = new AtomicBoolean();

    /** 200, then a body that never ends: 8 KiB a millisecond until the connection closes. */
    private static void answerEndlessly(HttpServerRequest request) {
        HttpServerResponse response = request.response().setChunked(true).setStatusCode(200);
        response.closeHandler(() -> endlessClosed.set(true));
        Buffer chunk = Buffer.buffer(new byte[8192]);
        vertx.setPeriodic(1, timer -> {
            if (response.closed() || response.ended()) {
                vertx.cancelTimer(timer);
                return;
            }
            response.writeAndForget(chunk);
            endlessWritten.addAndGet(chunk.length());
        });
    }

    @BeforeAll
    static void startEndpoint() throws Exception {
        Path directory = Files.createTempDirectory("webhook-tls");
        certificates = TestCertificates.forName(directory, directory.resolve("ca.crt"), "localhost", "DNS:localhost");
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificates.certificate().toString())
                                .setKeyPath(certificates.key().toString())))
                .requestHandler(request -> {
                    if (request.path().equals("/endless")) {
                        answerEndlessly(request);
                        return;
                    }
                    ports.add(request.remoteAddress().port());
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
        WebhookSender.Answer answer = send(sender, url, "msg_1");
        assertEquals(204, answer.status(), String.valueOf(answer.error()));
        assertEquals("localhost", seen.get("sni"), "TLS named the URL's host");
        assertTrue(seen.get("host").startsWith("localhost"), seen.get("host"));
        assertTrue(seen.get("signature").startsWith("v1,"));
        sender.close();
    }

    @Test
    void aCertificateForAnotherNameOrFromAnUnknownAuthorityGetsNothing() {
        WebhookSender trusting = sender(true);
        WebhookSender.Answer otherName = send(trusting, "https://127.0.0.1:" + server.actualPort() + "/hooks", "msg_2");
        assertNull(otherName.status(), "the certificate names localhost, not 127.0.0.1");
        trusting.close();

        WebhookSender stranger = sender(false);
        WebhookSender.Answer untrusted = send(stranger, "https://localhost:" + server.actualPort() + "/hooks", "msg_3");
        assertNull(untrusted.status(), "a certificate from an authority the JVM does not trust");
        stranger.close();
    }

    @Test
    void deliveriesToAnEndpointOneAfterAnotherShareOneConnection() {
        WebhookSender sender = sender(true);
        ports.clear();
        for (int i = 0; i < 3; i++) {
            WebhookSender.Answer answer = send(sender, "https://localhost:" + server.actualPort() + "/hooks", "msg_kept_" + i);
            assertEquals(204, answer.status());
        }
        assertEquals(1, ports.size(), "one connection for the three: " + ports);
        sender.close();
    }

    @Test
    void anEndpointThatAnswersWithAnEndlessBodyHoldsNoConnection() {
        WebhookSender sender = sender(true);
        WebhookSender.Answer answer = send(sender, "https://localhost:" + server.actualPort() + "/endless", "msg_endless");
        assertEquals(200, answer.status(), "the status counts, whatever follows it");
        CacheMetrics.awaitTrue("the sender closes the connection", Duration.ofSeconds(10), endlessClosed::get);
        assertTrue(endlessWritten.get() < 10 * WebhookSender.MOST_BODY, "closed after " + endlessWritten.get() + " bytes");
        sender.close();
    }

    /** One delivery of an empty event, signed with a new secret: the answer, within 10 s. */
    private static WebhookSender.Answer send(WebhookSender sender, String url, String webhookId) {
        return sender.send(url, webhookId, List.of(WebhookSecret.generate()), "{}").await().atMost(Duration.ofSeconds(10));
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
