package com.coursevideo.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.coursevideo.TestData;
import com.coursevideo.access.TestTokens;
import com.coursevideo.cache.CacheMetrics;
import com.coursevideo.cache.PrivateRedis;
import com.coursevideo.cache.RedisProcess;
import com.coursevideo.cloudflare.CloudflareFake;
import com.coursevideo.database.PrivatePostgres;
import com.coursevideo.dev.fake.StreamFake;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Mixed reads, writes, playbacks and syncs from many clients while Redis is killed and frozen,
 * PostgreSQL is restarted and Cloudflare flaps, one fault at a time in turn. It asserts:
 * <ul>
 * <li>no acknowledged write is lost: at the end every video holds its last acknowledged title
 * (or a later one);</li>
 * <li>no stale read: a read that starts after a write was acknowledged returns that write or a
 * later one;</li>
 * <li>only the answers the contract allows: 2xx and 4xx; 503 with {@code Retry-After} while
 * PostgreSQL is down (and for up to 30 s after it is back); 502 {@code CLOUDFLARE_ERROR} from a sync
 * while Cloudflare fails (and up to 30 s after), never from a ready video's playback;</li>
 * <li>full recovery within 30 s of each fault ending.</li>
 * </ul>
 * {@code chaos.duration} sets how long it runs (60 s here; {@code bench/chaos-soak.sh} runs it for
 * 5 minutes); the counts go to {@code target/chaos-soak.txt}.
 */
@QuarkusTest
@TestProfile(ChaosSoakTest.PrivateBackends.class)
class ChaosSoakTest {

    public static class PrivateBackends implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivatePostgres.class), new TestResourceEntry(PrivateRedis.class));
        }
    }

    private static final Duration FAULT = Duration.ofSeconds(4);
    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private static final int CLIENTS = 12;
    private static final int VIDEOS = 24;
    private static final Pattern VERSION = Pattern.compile("\"title\":\"v(\\d+)\"");

    @ConfigProperty(name = PrivatePostgres.DATA_DIR)
    String dataDir;
    @ConfigProperty(name = PrivatePostgres.PORT)
    int postgresPort;
    @ConfigProperty(name = PrivateRedis.DIR)
    Path redisDir;
    @ConfigProperty(name = PrivateRedis.PORT)
    int redisPort;
    final StreamFake fake = CloudflareFake.fake();
    @Inject
    MeterRegistry registry;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String token = TestTokens.admin();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile long postgresFaultUntil;
    private volatile long cloudflareFaultUntil;

    @Test
    void soak() throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("chaos.duration", 60));
        fake.reset();
        List<String> videos = new ArrayList<>();
        List<String> courses = new ArrayList<>();
        for (int i = 0; i < VIDEOS; i++) {
            if (i % 6 == 0) {
                courses.add(TestData.newCourse());
            }
            Map<String, Object> body = TestData.video(courses.get(courses.size() - 1), "lesson-" + i);
            body.put("cloudflare_video_id", fake.addVideo("ready"));
            body.put("status", "ready");
            body.put("title", "v0");
            videos.add(TestData.newVideo(body));
        }
        AtomicLongArray acknowledged = new AtomicLongArray(VIDEOS);
        AtomicLongArray next = new AtomicLongArray(VIDEOS);
        ReentrantLock[] writers = new ReentrantLock[VIDEOS];
        for (int i = 0; i < VIDEOS; i++) {
            writers[i] = new ReentrantLock();
        }

        long end = System.nanoTime() + duration.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                while (System.nanoTime() < end) {
                    int i = ThreadLocalRandom.current().nextInt(VIDEOS);
                    String video = videos.get(i);
                    int op = ThreadLocalRandom.current().nextInt(10);
                    if (op < 4) {
                        long floor = acknowledged.get(i);
                        HttpResponse<String> read = call("GET", "/api/videos/" + video, null);
                        if (read != null && read.statusCode() == 200) {
                            long seen = version(read.body());
                            if (seen < floor) {
                                violations.add("stale read of " + video + ": v" + seen + " after v" + floor + " was acknowledged");
                            }
                        }
                    } else if (op < 6) {
                        writers[i].lock();
                        try {
                            long version = next.incrementAndGet(i);
                            HttpResponse<String> write = call("PATCH", "/api/videos/" + video, "{\"title\":\"v" + version + "\"}");
                            if (write != null && write.statusCode() == 200) {
                                acknowledged.set(i, version);
                                count("acknowledged writes");
                            }
                        } finally {
                            writers[i].unlock();
                        }
                    } else if (op < 8) {
                        call("GET", "/api/videos/" + video + "/playback", null);
                    } else if (op < 9) {
                        call("GET", "/api/courses/" + courses.get(i / 6) + "/videos?status=all", null);
                    } else {
                        call("POST", "/api/videos/" + video + "/sync", null);
                    }
                }
                return null;
            }));
        }

        List<String> recoveries = new ArrayList<>();
        int round = 0;
        while (System.nanoTime() < end - FAULT.multipliedBy(3).toNanos()) {
            switch (round++ % 4) {
                case 0 -> {
                    RedisProcess.kill(redisDir, redisPort);
                    pause(FAULT);
                    RedisProcess.start(redisDir, redisPort);
                    recoveries.add("redis killed: " + awaitRecovery("the cache serves hits again", videos.get(0), true));
                }
                case 1 -> {
                    RedisProcess.signal(redisDir, redisPort, "STOP");
                    pause(FAULT);
                    RedisProcess.signal(redisDir, redisPort, "CONT");
                    recoveries.add("redis frozen: " + awaitRecovery("the cache serves hits again", videos.get(0), true));
                }
                case 2 -> {
                    postgresFaultUntil = Long.MAX_VALUE;
                    PrivatePostgres.stop(dataDir);
                    pause(FAULT);
                    PrivatePostgres.start(dataDir, postgresPort);
                    postgresFaultUntil = System.nanoTime() + RECOVERY.toNanos();
                    recoveries.add("postgres restarted: " + awaitRecovery("reads answer 200", videos.get(0), false));
                }
                default -> {
                    cloudflareFaultUntil = Long.MAX_VALUE;
                    fake.failNext(100_000, StreamFake.Failure.SERVER_ERROR);
                    pause(FAULT);
                    fake.heal();
                    cloudflareFaultUntil = System.nanoTime() + RECOVERY.toNanos();
                    long healed = System.nanoTime();
                    CacheMetrics.awaitTrue("sync answers 200 again", RECOVERY, () -> {
                        HttpResponse<String> sync = call("POST", "/api/videos/" + videos.get(1) + "/sync", null);
                        return sync != null && sync.statusCode() == 200;
                    });
                    recoveries.add("cloudflare failing: recovered in " + Duration.ofNanos(System.nanoTime() - healed).toMillis() + " ms");
                }
            }
            pause(FAULT);
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();

        // no acknowledged write lost: each video holds its last acknowledged title, or a later one
        long lost = 0;
        for (int i = 0; i < VIDEOS; i++) {
            HttpResponse<String> read = call("GET", "/api/videos/" + videos.get(i), null);
            if (read == null || read.statusCode() != 200 || version(read.body()) < acknowledged.get(i)) {
                lost++;
                violations.add("video " + videos.get(i) + " lost v" + acknowledged.get(i) + ": " + (read == null ? "no answer" : read.body()));
            }
        }
        String report = "duration " + duration.toSeconds() + " s, " + CLIENTS + " clients, " + VIDEOS + " videos, "
                + round + " faults\n" + "answers: " + new java.util.TreeMap<>(Map.copyOf(toLongs())) + "\n"
                + "acknowledged writes lost: " + lost + "\n"
                + "stale reads: " + violations.stream().filter(v -> v.startsWith("stale")).count() + "\n"
                + "answers outside the contract: " + violations.stream().filter(v -> v.startsWith("answer")).count() + "\n"
                + "recovery after each fault: " + recoveries + "\n"
                + (violations.isEmpty() ? "" : "first violations: " + violations.subList(0, Math.min(20, violations.size())) + "\n");
        Files.writeString(Path.of("target", "chaos-soak.txt"), report);
        System.out.println(report);
        assertEquals(List.of(), violations, report);
        assertTrue(counts.getOrDefault("acknowledged writes", new AtomicLong()).get() > 0, report);
    }

    /** Waits for the service to be whole again after a fault; returns how long that took. */
    private String awaitRecovery(String what, String video, boolean cacheHits) {
        long ended = System.nanoTime();
        CacheMetrics metrics = new CacheMetrics(registry);
        CacheMetrics.awaitTrue(what, RECOVERY, () -> {
            double hits = metrics.count("video.cache.hits");
            HttpResponse<String> read = call("GET", "/api/videos/" + video, null);
            return read != null && read.statusCode() == 200 && (!cacheHits || metrics.count("video.cache.hits") > hits);
        });
        return Duration.ofNanos(System.nanoTime() - ended).toMillis() + " ms";
    }

    /** One request; its answer is checked against what the contract allows at this moment and counted. */
    private HttpResponse<String> call(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            violations.add("answer: none to " + method + " " + path + ": " + e);
            return null;
        }
        int status = response.statusCode();
        count(status + "");
        boolean allowed = status < 500
                || status == 503 && response.headers().firstValue("Retry-After").isPresent() && System.nanoTime() < postgresFaultUntil
                || status == 502 && response.body().contains("CLOUDFLARE_ERROR") && System.nanoTime() < cloudflareFaultUntil
                        && path.endsWith("/sync"); // a ready video's playback never asks Cloudflare
        if (!allowed) {
            violations.add("answer " + status + " to " + method + " " + path + ": " + response.body());
        }
        return response;
    }

    private static long version(String body) {
        Matcher title = VERSION.matcher(body);
        return title.find() ? Long.parseLong(title.group(1)) : -1;
    }

    private void count(String what) {
        counts.computeIfAbsent(what, key -> new AtomicLong()).incrementAndGet();
    }

    private Map<String, Long> toLongs() {
        Map<String, Long> values = new java.util.HashMap<>();
        counts.forEach((key, value) -> values.put(key, value.get()));
        return values;
    }

    private static void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }
}
