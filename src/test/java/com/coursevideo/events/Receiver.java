package com.coursevideo.events;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.coursevideo.cache.CacheMetrics;
import com.sun.net.httpserver.HttpServer;

import io.vertx.core.json.JsonObject;

/**
 * A course platform's endpoint: a real HTTP server on a free local port that keeps every request it
 * receives and answers with the status the test sets (200 unless told otherwise).
 */
final class Receiver implements AutoCloseable {

    /** A request as received: its headers (names in lower case) and body. */
    record Received(Map<String, String> headers, String body) {

        JsonObject event() {
            return new JsonObject(body);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                        .collect(Collectors.toMap(header -> header.getKey().toLowerCase(Locale.ROOT),
                                header -> String.join(",", header.getValue())));
                received.add(new Received(headers, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/course-video";
    }

    void answer(int status) {
        this.status = status;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests once there are at least {@code count}; fails after {@code limit}. */
    List<Received> await(int count, Duration limit) {
        CacheMetrics.awaitTrue(() -> count + " deliveries (" + received.size() + " so far)", limit, () -> received.size() >= count);
        return received();
    }

    /**
     * The requests about one video (the event's {@code data.id}) once there are at least {@code count}:
     * an endpoint hears of every video of the service, other tests' among them.
     */
    List<Received> awaitAbout(String videoId, int count, Duration limit) {
        CacheMetrics.awaitTrue(() -> count + " deliveries about video " + videoId, limit, () -> about(videoId).size() >= count);
        return about(videoId);
    }

    private List<Received> about(String videoId) {
        return received().stream().filter(request -> videoId.equals(request.event().getJsonObject("data").getString("id"))).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
