package com.coursevideo.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;

/**
 * The places one endpoint has on this instance: at most {@code most} deliveries to it under way at
 * once. A delivery that finds them all taken waits in line and is handed the next place freed,
 * while the endpoint keeps answering. Once the endpoint has held them all for {@link #STUCK}
 * without a delivery beginning or ending, it is stuck: the line is turned away, and so is whoever
 * comes next, until a delivery to it ends. Nothing polls: a place is handed on as it is freed, and
 * one timer at a time watches the line for the endpoint getting stuck.
 */
final class EndpointPlaces {

    /** How long an endpoint holding all its places may answer nothing before it counts as stuck. */
    static final Duration STUCK = Duration.ofMillis(500);

    private final int most;
    private final Vertx vertx;
    private final Deque<Waiting> line = new ArrayDeque<>();
    private int taken;
    private long progressAt = System.nanoTime();
    private boolean watched;

    EndpointPlaces(int most, Vertx vertx) {
        this.most = most;
        this.vertx = vertx;
    }

    /** One waiting for a place: its emitter once it is in line; {@code handed} once a freed place is its own. */
    private static final class Waiting {

        private UniEmitter<? super Boolean> emitter;
        private boolean handed;
    }

    /**
     * A place: true once it is taken (give it back with {@link #leave}), at once or when one is freed;
     * false, and nothing taken, when the endpoint is or becomes stuck first.
     */
    Uni<Boolean> take() {
        Waiting waiting = new Waiting();
        return Uni.createFrom().<Boolean> emitter(emitter -> {
            boolean now;
            synchronized (this) {
                if (taken < most) {
                    taken++;
                    progressAt = System.nanoTime();
                    now = true;
                } else if (stuck()) {
                    now = false;
                } else {
                    waiting.emitter = emitter;
                    line.add(waiting);
                    watch();
                    return;
                }
            }
            emitter.complete(now);
        }).onCancellation().invoke(() -> forget(waiting));
    }

    /** Gives a place back: the first in line takes it. */
    void leave() {
        Waiting next;
        synchronized (this) {
            progressAt = System.nanoTime();
            next = line.poll();
            if (next == null) {
                taken--;
                return;
            }
            next.handed = true;
        }
        next.emitter.complete(true);
    }

    /** Holding all its places, and no delivery began or ended for {@link #STUCK}. */
    synchronized boolean stuck() {
        return taken >= most && System.nanoTime() - progressAt > STUCK.toNanos();
    }

    /** One that stopped waiting: out of the line, or the place it was handed given on. */
    private void forget(Waiting waiting) {
        boolean handed;
        synchronized (this) {
            handed = !line.remove(waiting) && waiting.handed;
        }
        if (handed) {
            leave();
        }
    }

    /** A timer (one at a time, while some wait) for when the endpoint would count as stuck. */
    private void watch() {
        if (!watched) {
            watched = true;
            long due = progressAt + STUCK.toNanos() - System.nanoTime();
            vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(due) + 1), timer -> look());
        }
    }

    /** Turns the line away when the endpoint is stuck; watches on while it is not. */
    private void look() {
        List<Waiting> turnedAway;
        synchronized (this) {
            watched = false;
            if (line.isEmpty()) {
                return;
            }
            if (!stuck()) {
                watch();
                return;
            }
            turnedAway = new ArrayList<>(line);
            line.clear();
        }
        turnedAway.forEach(waiting -> waiting.emitter.complete(false));
    }
}
