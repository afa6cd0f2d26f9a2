package com.coursevideo.cache;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;

/** Lets a test hold one fill of the cache between its database read and its write to Redis. */
@Mock
@ApplicationScoped
public class PausableCacheHooks extends CacheHooks {

    private volatile Pause pause;

    /** The next fill of a key containing {@code keyPart} waits until the pause is released. */
    public Pause pauseNextFill(String keyPart) {
        Pause armed = new Pause(keyPart);
        pause = armed;
        return armed;
    }

    @Override
    public Uni<Void> beforeFill(CacheKey key) {
        Pause armed = pause;
        if (armed == null || !key.name().contains(armed.keyPart)) {
            return Uni.createFrom().voidItem();
        }
        pause = null;
        armed.reached.complete(null);
        return Uni.createFrom().completionStage(armed.released);
    }

    public static final class Pause {
        private final String keyPart;
        public final CompletableFuture<Void> reached = new CompletableFuture<>();
        private final CompletableFuture<Void> released = new CompletableFuture<>();

        Pause(String keyPart) {
            this.keyPart = keyPart;
        }

        public void release() {
            released.complete(null);
        }
    }
}
