package com.coursevideo.library;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.CloudflareStream.LibraryVideo;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.video.CloudflareDeletions;
import com.coursevideo.work.Outcome;
import com.coursevideo.work.WorkHandler;
import com.coursevideo.work.WorkItem;
import com.coursevideo.work.WorkQueue;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Reconciles the whole Cloudflare library with the rows: a crawl, oldest video first, a page of
 * 1,000 at a time at background priority (within the fleet's budget), that records what each page
 * found with the crawl's position. A run is a job {@code library.reconcile} of the work queue, so it
 * survives its instance: another one (or this one after a restart) takes it over from there when
 * its claim runs out. Orphaned upload slots older than {@code CLOUDFLARE_ORPHAN_GRACE} go to the
 * durable deletion queue; everything else is reported. Only one page of the library is held at a time.
 */
@ApplicationScoped
public class Reconciliation extends WorkHandler {

    /** A run's crawl, keyed by the run's id. */
    static final String KIND = "library.reconcile";

    private static final Logger LOG = Logger.getLogger(Reconciliation.class);
    /** A page asks again for the videos created this long before the last one seen, so ties at a page's edge are not lost. */
    static final Duration OVERLAP = Duration.ofMillis(1);
    /** How often a request that found another instance's run under way looks whether it has finished. */
    private static final Duration JOIN_POLL = Duration.ofMillis(500);

    private final ReconciliationRuns runs;
    private final CloudflareStream cloudflare;
    private final WorkQueue work;
    private final CloudflareConfig cloudflareConfig;

    Reconciliation(ReconciliationRuns runs, CloudflareStream cloudflare, WorkQueue work, CloudflareConfig cloudflareConfig,
            ReconciliationConfig config) {
        // a run Cloudflare or the database stopped is resumed a resume interval later (or by the next request)
        super(KIND, new Policy(1, 1, config.lease(), config.resumeInterval(), config.resumeInterval()));
        this.runs = runs;
        this.cloudflare = cloudflare;
        this.work = work;
        this.cloudflareConfig = cloudflareConfig;
    }

    /**
     * A run to its end and its report: the run under way, or a new one, crawled here unless another
     * instance holds it (then waited for, and taken over if that instance dies). Fails with
     * {@code CLOUDFLARE_ERROR} when Cloudflare fails mid-crawl (the run stays, to be resumed).
     */
    public Uni<ReconciliationReport> run() {
        return runs.startOrJoin().chain(this::reportOf);
    }

    /** The newest finished run's report; null when none has finished. */
    public Uni<ReconciliationReport> last() {
        return runs.last();
    }

    @Scheduled(cron = "${video.reconciliation.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return runs.startOrJoin()
                .invoke(id -> work.start(KIND, List.of(Long.toString(id)), false))
                .onFailure().invoke(failure -> LOG.warnf("the daily reconciliation could not start: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The run's report once it has finished: crawled here when this instance can claim it, else waited for. */
    private Uni<ReconciliationReport> reportOf(long id) {
        return runs.finished(id).chain(finished -> finished
                ? runs.report(id).onItem().ifNull().switchTo(runs::last)
                : work.attempt(KIND, Long.toString(id), true).chain(outcome -> {
                    if (outcome != null && outcome.cause() != null) {
                        return Uni.createFrom().failure(outcome.cause());
                    }
                    return outcome != null ? reportOf(id)
                            // another instance crawls it: wait, and take it over if its claim runs out
                            : Uni.createFrom().voidItem().onItem().delayIt().by(JOIN_POLL).chain(() -> reportOf(id));
                }));
    }

    @Override
    public Uni<Outcome> perform(WorkItem item) {
        return runs.unfinished(Long.parseLong(item.key()))
                .chain(run -> run == null ? Uni.createFrom().voidItem() : crawl(item, run))
                .invoke(() -> LOG.debugf("reconciliation %s finished", item.key()))
                .replaceWith(Outcome.done());
    }

    /**
     * Page after page until the last, one page at a time: each step is a Uni of its own (not one
     * chained inside the other), so that nothing of a page outlives its step.
     */
    private Uni<Void> crawl(WorkItem item, ReconciliationRuns.Run first) {
        AtomicReference<ReconciliationRuns.Run> current = new AtomicReference<>(first);
        return Multi.createBy().repeating().uni(() -> step(item, current.get()))
                .whilst(next -> {
                    next.ifPresent(current::set);
                    return next.isPresent();
                })
                .collect().last().replaceWithVoid();
    }

    /** One page: compared, recorded with the crawl's new position; the run to go on with, empty when it ended here. */
    private Uni<Optional<ReconciliationRuns.Run>> step(WorkItem item, ReconciliationRuns.Run run) {
        return cloudflare.library(run.cursor(), Priority.BACKGROUND)
                .chain(page -> {
                    boolean lastPage = page.size() < CloudflareStream.LIBRARY_PAGE;
                    List<LibraryVideo> fresh = page.stream().filter(video -> !run.cursorUids().contains(video.uid())).toList();
                    Instant cursor = page.isEmpty() ? run.cursor() : next(page, fresh.isEmpty() && !lastPage);
                    Set<String> repeatable = new HashSet<>();
                    page.stream().filter(video -> cursor == null || video.created().isAfter(cursor))
                            .forEach(video -> repeatable.add(video.uid()));
                    ReconciliationRuns.Run moved = new ReconciliationRuns.Run(run.id(), run.startedAt(), cursor, repeatable);
                    return compare(fresh, moved).chain(found -> runs.record(item, run, found)).chain(held -> {
                        if (!held) {
                            LOG.infof("reconciliation %d: its claim went to another instance, which goes on from here", run.id());
                            return Uni.createFrom().item(Optional.<ReconciliationRuns.Run> empty());
                        }
                        return lastPage ? runs.finish(item, moved).replaceWith(Optional.<ReconciliationRuns.Run> empty())
                                : Uni.createFrom().item(Optional.of(moved));
                    });
                });
    }

    /**
     * Where the next page starts: just before the page's last video, so that videos created at the
     * same instant on both sides of the page's edge are all seen (repeats are skipped); past it
     * when the whole page was repeats (more than a page created within {@link #OVERLAP}).
     */
    private static Instant next(List<LibraryVideo> page, boolean onlyRepeats) {
        Instant last = page.get(page.size() - 1).created();
        return onlyRepeats ? last : last.minus(OVERLAP);
    }

    /** What a page's new videos are to the rows; the orphaned upload slots past the grace queued for deletion. */
    private Uni<ReconciliationRuns.Page> compare(List<LibraryVideo> fresh, ReconciliationRuns.Run moved) {
        List<String> uids = fresh.stream().map(LibraryVideo::uid).toList();
        return runs.rowsOf(uids).chain(rows -> {
            Instant graceEnd = Instant.now().minus(cloudflareConfig.orphanGrace());
            List<LibraryVideo> orphans = new ArrayList<>();
            List<String> slots = new ArrayList<>();
            List<UUID> drift = new ArrayList<>();
            for (LibraryVideo video : fresh) {
                ReconciliationRuns.Registered row = rows.get(video.uid());
                if (row == null) {
                    orphans.add(video);
                    if ("pendingupload".equals(video.state()) && video.created().isBefore(graceEnd)) {
                        slots.add(video.uid());
                    }
                } else if (row.requireSignedUrls() != video.requireSignedUrls()) {
                    drift.add(row.id());
                }
            }
            return deleteSlots(slots).replaceWith(new ReconciliationRuns.Page(uids, orphans, drift, slots.size(),
                    moved.cursor(), moved.cursorUids()));
        });
    }

    private Uni<Void> deleteSlots(List<String> slots) {
        if (slots.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(slots)
                .onItem().transformToUniAndConcatenate(uid -> work.request(CloudflareDeletions.KIND, uid))
                .collect().last()
                .invoke(() -> work.start(CloudflareDeletions.KIND, slots, false))
                .replaceWithVoid();
    }
}
