package com.coursevideo.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.mutiny.core.Vertx;

/**
 * No server-side request forgery, as production has it ({@code EVENTS_ALLOW_PRIVATE_ADDRESSES}
 * unset, https required): the service's own networks are refused when an endpoint is registered,
 * and again when a delivery is sent, before any connection.
 */
class EndpointAddressesTest {

    private static Vertx vertx;
    private static EndpointAddresses production;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        production = new EndpointAddresses(config(false, true), vertx);
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://127.8.9.10/hook", "https://localhost/hook",
            "https://[::1]/hook", "https://0.0.0.0/hook", "https://[::]/hook", "https://10.1.2.3/hook",
            "https://172.16.0.1/hook", "https://192.168.1.1/hook", "https://169.254.169.254/latest/meta-data",
            "https://[fe80::1]/hook", "https://[fd12:3456::1]/hook", "https://[::ffff:10.0.0.1]/hook",
            "https://100.64.0.1/hook", "https://[64:ff9b::a00:1]/hook", "https://224.0.0.1/hook"})
    void refusesTheServicesOwnNetworks(String url) {
        var refused = assertThrows(EndpointAddresses.Refused.class,
                () -> production.resolve(production.parse(url)).await().atMost(Duration.ofSeconds(10)));
        assertTrue(refused.getMessage().contains("loopback, link-local or private"), refused.getMessage());
    }

    @Test
    void acceptsAnInternetAddress() throws Exception {
        InetAddress address = production.resolve(production.parse("https://93.184.215.14:8443/hooks?x=1"))
                .await().atMost(Duration.ofSeconds(10));
        assertEquals("93.184.215.14", address.getHostAddress());
        assertFalse(EndpointAddresses.internal(InetAddress.getByName("2606:4700::6810:84e5")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.215.14/hook", "ftp://example.com/x", "https://user:pw@example.com/x",
            "https:///nohost", "not a url"})
    void productionTakesHttpsUrlsOnly(String url) {
        assertThrows(EndpointAddresses.Refused.class, () -> production.parse(url));
    }

    @Test
    void devAndTestMayUseLocalAddresses() {
        EndpointAddresses local = new EndpointAddresses(config(true, false), vertx);
        URI uri = local.parse("http://127.0.0.1:8089/hook");
        assertEquals("127.0.0.1", local.resolve(uri).await().atMost(Duration.ofSeconds(10)).getHostAddress());
    }

    @Test
    void aDeliveryChecksTheAddressAgainAndNeverConnects() throws Exception {
        try (Receiver platform = new Receiver()) {
            // registered while it was allowed (or while the name resolved elsewhere): refused when sending
            EndpointAddresses addresses = new EndpointAddresses(config(false, false), vertx);
            WebhookSender sender = new WebhookSender(config(false, false), addresses, vertx);
            WebhookSender.Answer answer = sender.send(platform.url(), "msg_1", List.of(WebhookSecret.generate()), "{}")
                    .await().atMost(Duration.ofSeconds(10));
            assertNull(answer.status());
            assertTrue(answer.error().contains("private"), answer.error());
            assertEquals(0, platform.received().size(), "nothing was sent");
            sender.close();
        }
    }

    static EventsConfig config(boolean allowPrivate, boolean requireHttps) {
        return new EventsConfig() {
            @Override
            public boolean allowPrivateAddresses() {
                return allowPrivate;
            }

            @Override
            public boolean requireHttps() {
                return requireHttps;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int perEndpointConcurrency() {
                return 4;
            }

            @Override
            public int concurrency() {
                return 32;
            }

            @Override
            public Duration secretOverlap() {
                return Duration.ofHours(24);
            }

            @Override
            public Duration giveUpAfter() {
                return Duration.ofDays(3);
            }
        };
    }
}
