package com.coursevideo.sync;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.coursevideo.caption.CaptionSync;
import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.video.CourseVideo;
import com.coursevideo.video.VideoSync;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The batch status sync: each round claims due videos batch by batch and syncs them with
 * bounded concurrency, one failure never stopping the others. Every replica runs it; claims
 * keep them apart, and the Cloudflare budget keeps the fleet polite. On shutdown it stops
 * claiming, lets the syncs under way finish and hands back the claims it has not used.
 */
@ApplicationScoped
public class SyncWorker {

    private static final Logger LOG = Logger.getLogger(SyncWorker.class);
    /** How often a manual sync looks again at videos another round holds. */
    private static final Duration HELD_POLL = Duration.ofMillis(200);

    private final SyncClaims claims;
    private final VideoSync sync;
    private final CaptionSync captions;
    private final SyncConfig config;
    private final MeterRegistry metrics;
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong lagSeconds = new AtomicLong();
    /** Videos this instance has claimed and not yet synced or given up. */
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    /** Rounds under way, each done when its round ends, for {@link #stop}. */
    private final Set<CompletableFuture<Void>> rounds = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    SyncWorker(SyncClaims claims, VideoSync sync, CaptionSync captions, SyncConfig config, MeterRegistry metrics) {
        this.claims = claims;
        this.sync = sync;
        this.captions = captions;
        this.config = config;
        this.metrics = metrics;
        metrics.gauge("video.sync.due", due);
        metrics.gauge("video.sync.lag.seconds", lagSeconds);
    }

    public record Result(int synced, int failed) {
    }

    @Scheduled(every = "${video.sync.interval:30S}", delayed = "10S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRound() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return runRound()
                .invoke(result -> {
                    if (result.synced() + result.failed() > 0) {
                        LOG.debugf("sync round: %d synced, %d failed", result.synced(), result.failed());
                    }
                })
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("sync round failed: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    /**
     * The manual sync: answers once every video due at its start has been synced, by its own rounds
     * or by the round (of this replica or another) that held it then. While such videos are held it
     * waits and runs another round, which also takes over the videos of a claim that ran out (a
     * replica that died); it gives up waiting after one lease.
     */
    public Uni<Result> syncAllDue() {
        return claims.now().chain(start -> {
            long deadline = System.nanoTime() + config.lease().toNanos();
            int[] counts = new int[2];
            return Uni.createFrom().deferred(this::runRound)
                    .invoke(result -> {
                        counts[0] += result.synced();
                        counts[1] += result.failed();
                    })
                    .chain(() -> claims.heldSince(start))
                    .repeat().withDelay(HELD_POLL).whilst(held -> held > 0 && System.nanoTime() < deadline)
                    .collect().last()
                    .invoke(held -> {
                        if (held != null && held > 0) {
                            LOG.warnf("manual sync answered with %d videos still held by another round after %s", held, config.lease());
                        }
                    })
                    .map(held -> new Result(counts[0], counts[1]));
        });
    }

    /** Syncs every video due now (claiming batch after batch until none is left), then the generated captions due a check. */
    public Uni<Result> runRound() {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            rounds.add(done);
            return round()
                    .call(() -> captions.checkDue(config.captionPollInterval(), config.batchSize()))
                    .onTermination().invoke(() -> {
                        rounds.remove(done);
                        done.complete(null);
                    });
        });
    }

    private Uni<Result> round() {
        return claims.backlog()
                .invoke(backlog -> {
                    due.set(backlog.due());
                    lagSeconds.set(Math.round(backlog.oldestAgeSeconds()));
                })
                .onItem().transformToMulti(backlog -> Multi.createBy().repeating().uni(this::claim)
                        .whilst(batch -> !batch.isEmpty()))
                .onItem().transformToMultiAndConcatenate(batch -> Multi.createFrom().iterable(batch))
                .onItem().transformToUni(this::syncOne).merge(config.concurrency())
                .collect().in(() -> new int[3], (counts, outcome) -> counts[outcome.ordinal()]++)
                .map(counts -> new Result(counts[Outcome.SYNCED.ordinal()], counts[Outcome.FAILED.ordinal()]));
    }

    private Uni<List<CourseVideo>> claim() {
        if (stopping) {
            return Uni.createFrom().item(List.of());
        }
        return claims.claim().invoke(batch -> batch.forEach(video -> held.add(video.id())));
    }

    /**
     * Shutdown: no new claims or syncs; the syncs under way get {@code video.sync.shutdown-grace}
     * to finish, then every claim still held is handed back, so another replica syncs those
     * videos now rather than when their lease runs out. Runs on the thread that shuts Quarkus
     * down (never an event loop), and holds it until the claims are back: the database pool
     * closes after this returns.
     */
    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
        try {
            CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new))
                    .get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("sync stopped: syncs still under way after %s; their claims are handed back", config.shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // a failed round holds no claims of its own: they were handed to held already
        }
        if (held.isEmpty()) {
            return;
        }
        List<UUID> unused = List.copyOf(held);
        try {
            claims.release(unused).subscribeAsCompletionStage().get(5, TimeUnit.SECONDS);
            held.removeAll(unused);
            LOG.infof("sync stopped: handed back %d claimed videos", unused.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("sync stopped: could not hand back %d claims (their leases run out by themselves): %s",
                    unused.size(), e.toString());
        }
    }

    private enum Outcome {
        SYNCED, FAILED, LEFT
    }

    private Uni<Outcome> syncOne(CourseVideo video) {
        if (stopping) {
            return Uni.createFrom().item(Outcome.LEFT); // handed back by stop()
        }
        return sync.sync(video, Priority.BACKGROUND)
                .chain(() -> claims.synced(video.id()))
                .invoke(() -> held.remove(video.id()))
                .invoke(stuck -> {
                    metrics.counter("video.sync.synced").increment();
                    if (stuck) {
                        metrics.counter("video.sync.stuck").increment();
                        LOG.warnf("video %s (Cloudflare %s) is still processing after %s; polling it every %s",
                                video.id(), video.cloudflareVideoId(), config.stuckAfter(), config.stuckPollInterval());
                    }
                })
                .map(stuck -> Outcome.SYNCED)
                .onFailure().recoverWithUni(failure -> {
                    LOG.debugf("sync of %s failed: %s", video.id(), failure.getMessage());
                    metrics.counter("video.sync.failed").increment();
                    return claims.failed(video.id()).onFailure().recoverWithNull()
                            .invoke(() -> held.remove(video.id()))
                            .map(nothing -> Outcome.FAILED);
                });
    }
}
