package com.coursevideo.cloudflare;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.coursevideo.dev.fake.StreamFake;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * The Cloudflare Stream every service the tests start talks to (in process, the jar or the native
 * executable): a {@link StreamFake} on a free port with a Vert.x of its own, started with the
 * service and handed to it through the settings a real account would use ({@code cloudflare.*}).
 * Tests reach it through {@link #fake()}.
 */
@QuarkusTestResource(CloudflareFake.class)
public class CloudflareFake implements QuarkusTestResourceLifecycleManager {

    /** The HLS stream the fake delivers for every ready video (the browser tests make it: console/Browser). */
    public static final Path MEDIA = Path.of("target/fake-media").toAbsolutePath();
    /** How long an uploaded fake video takes to become ready. */
    static final Duration PROCESSING_TIME = Duration.ofSeconds(2);

    private static volatile StreamFake running;

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        StreamFake fake = StreamFake.delivering(vertx, MEDIA, PROCESSING_TIME);
        fake.start();
        running = fake;
        return fake.settings();
    }

    @Override
    public void stop() {
        running.stop();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The fake the service under test talks to. */
    public static StreamFake fake() {
        StreamFake fake = running;
        if (fake == null) {
            throw new IllegalStateException("the Cloudflare fake has not started: is this a @QuarkusTest or an *IT?");
        }
        return fake;
    }
}
