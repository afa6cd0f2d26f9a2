package com.coursevideo.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.cache.CacheMetrics;

import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.core.Vertx;

class EndpointPlacesTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.closeAndAwait();
    }

    @Test
    void aFreedPlaceGoesToTheFirstInLine() throws Exception {
        EndpointPlaces places = new EndpointPlaces(2, vertx);
        assertTrue(take(places).getNow(false));
        assertTrue(take(places).getNow(false));
        CompletableFuture<Boolean> first = take(places);
        CompletableFuture<Boolean> second = take(places);
        assertFalse(first.isDone() || second.isDone(), "both places are taken: the others wait");

        places.leave();
        assertTrue(first.get(1, TimeUnit.SECONDS), "the first in line has the freed place");
        assertFalse(second.isDone());
        places.leave();
        assertTrue(second.get(1, TimeUnit.SECONDS));
    }

    @Test
    void theLineIsTurnedAwayOnceTheEndpointIsStuckAndLetInAgainWhenItAnswers() throws Exception {
        EndpointPlaces places = new EndpointPlaces(1, vertx);
        assertTrue(take(places).getNow(false));
        CompletableFuture<Boolean> waiting = take(places);
        assertFalse(waiting.isDone());

        assertFalse(waiting.get(5, TimeUnit.SECONDS), "turned away: the endpoint answered nothing meanwhile");
        assertTrue(places.stuck());
        assertFalse(take(places).getNow(true), "a newcomer is turned away at once");

        places.leave(); // the delivery under way ended: the endpoint answers again
        assertFalse(places.stuck());
        assertTrue(take(places).getNow(false));
    }

    @Test
    void theLineWaitsOnWhileTheEndpointAnswers() throws Exception {
        EndpointPlaces places = new EndpointPlaces(2, vertx);
        List<CompletableFuture<Boolean>> line = new CopyOnWriteArrayList<>();
        // on one event loop, so that its timers run in the order of their times: the place is freed
        // 250 ms in, before the line's first look at 500 ms
        vertx.getOrCreateContext().runOnContext(() -> {
            take(places);
            take(places);
            line.add(take(places));
            line.add(take(places));
            vertx.setTimer(250, timer -> places.leave());
        });
        CacheMetrics.awaitTrue("two in line", Duration.ofSeconds(5), () -> line.size() == 2);

        assertTrue(line.get(0).get(5, TimeUnit.SECONDS), "handed the freed place: the endpoint answered");
        assertFalse(line.get(1).get(5, TimeUnit.SECONDS), "turned away once nothing more happened for a while");
    }

    @Test
    void oneWhoStopsWaitingHoldsNoPlace() throws Exception {
        EndpointPlaces places = new EndpointPlaces(1, vertx);
        assertTrue(take(places).getNow(false));
        Cancellable gaveUp = places.take().subscribe().with(taken -> { });
        CompletableFuture<Boolean> next = take(places);
        gaveUp.cancel();

        places.leave();
        assertTrue(next.get(1, TimeUnit.SECONDS), "the place went past the one who left the line");
        places.leave();
        assertTrue(take(places).getNow(false), "and no place is held by it afterwards");
        assertFalse(take(places).isDone(), "one place, taken");
    }

    private static CompletableFuture<Boolean> take(EndpointPlaces places) {
        return places.take().subscribeAsCompletionStage();
    }
}
