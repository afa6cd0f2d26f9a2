package com.coursevideo.events;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * Sends one signed delivery to an endpoint, non-blocking, within {@code events.timeout} (connecting
 * included): the answer's status, or why there was none. Connects to the address
 * {@link EndpointAddresses} checked, naming the URL's host in {@code Host} and for TLS. Connections
 * are kept for the endpoint's next deliveries, closed by this side after {@value #IDLE_SECONDS} s
 * idle (before an endpoint's server would, so that a delivery is not written to a connection it is
 * closing). Only the status counts: the body is read and dropped so the connection can carry the
 * next delivery, and a body that runs past {@value #MOST_BODY} bytes or past the timeout closes the
 * connection instead, so an endpoint that answers endlessly holds nothing.
 */
@ApplicationScoped
class WebhookSender {

    static final int IDLE_SECONDS = 2;
    static final int MOST_BODY = 64 * 1024;

    private final EventsConfig config;
    private final Vertx vertx;
    private final EndpointAddresses addresses;
    private final HttpClient client;

    @Inject
    WebhookSender(EventsConfig config, EndpointAddresses addresses, Vertx vertx) {
        this(config, addresses, vertx, new HttpClientOptions());
    }

    /** @param options where the tests name the certificate authority their endpoint's certificate comes from */
    WebhookSender(EventsConfig config, EndpointAddresses addresses, Vertx vertx, HttpClientOptions options) {
        this.config = config;
        this.addresses = addresses;
        this.vertx = vertx;
        int timeout = (int) config.timeout().toMillis();
        this.client = vertx.createHttpClient(options
                .setConnectTimeout(timeout)
                .setKeepAlive(true)
                .setKeepAliveTimeout(IDLE_SECONDS)
                .setMaxPoolSize(config.perEndpointConcurrency() + 1)
                .setVerifyHost(true)
                // the server name is sent even though the connection is to an address (the one checked)
                .setForceSni(true)
                .setTrustAll(false));
    }

    /** What came of an attempt: a status, or an error (then {@code status} is null). */
    record Answer(Integer status, String error) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** Never fails: a refused address, a timeout or a broken connection is an answer without a status. */
    Uni<Answer> send(String url, String webhookId, List<String> secrets, String body) {
        URI uri;
        try {
            uri = addresses.parse(url);
        } catch (EndpointAddresses.Refused refused) {
            return Uni.createFrom().item(new Answer(null, refused.getMessage()));
        }
        long timestamp = System.currentTimeMillis() / 1000;
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        return addresses.resolve(uri)
                .chain(address -> client.request(options(uri, address)
                        .putHeader("content-type", "application/json")
                        .putHeader("user-agent", "course-video-service")
                        .putHeader("webhook-id", webhookId)
                        .putHeader("webhook-timestamp", Long.toString(timestamp))
                        .putHeader("webhook-signature", WebhookSecret.signatures(secrets, webhookId, timestamp, body))))
                .chain(request -> {
                    sent.set(request);
                    request.exceptionHandler(ignored -> { });
                    return request.send(body);
                })
                .map(response -> {
                    drop(sent.get(), response);
                    return new Answer(response.statusCode(), null);
                })
                .ifNoItem().after(config.timeout()).failWith(() -> new TimeoutException("no answer within " + config.timeout()))
                .onTermination().invoke((answer, failure, cancelled) -> {
                    HttpClientRequest request = sent.get();
                    if (request != null && (failure != null || cancelled)) {
                        request.reset(); // the connection closed: nothing of it is reused
                    }
                })
                .onFailure().recoverWithItem(failure -> new Answer(null, describe(failure)));
    }

    /** Reads the body to its end and drops it; one too long or too slow closes the connection. */
    private void drop(HttpClientRequest request, HttpClientResponse response) {
        long timer = vertx.setTimer(config.timeout().toMillis(), late -> request.reset());
        long[] read = {0};
        response.handler(chunk -> {
            read[0] += chunk.length();
            if (read[0] > MOST_BODY) {
                vertx.cancelTimer(timer);
                request.reset();
            }
        });
        response.endHandler(() -> vertx.cancelTimer(timer));
        response.exceptionHandler(failure -> vertx.cancelTimer(timer));
    }

    private RequestOptions options(URI uri, InetAddress address) {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        long timeout = config.timeout().toMillis();
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(EndpointAddresses.host(uri))
                .setPort(port)
                .setSsl(https)
                .setURI(path)
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout);
    }

    private static String describe(Throwable failure) {
        if (failure instanceof EndpointAddresses.Refused || failure instanceof TimeoutException) {
            return failure.getMessage();
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }
}
