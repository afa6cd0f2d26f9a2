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

import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.CloudflareOutbox;
import com.coursevideo.cloudflare.CloudflareOutbox.Action;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.CloudflareStream.LibraryVideo;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Reconciles the whole Cloudflare library with the rows: a crawl, oldest video first, a page of
 * 1,000 at a time at background priority (within the fleet's budget), that records what each page
 * found with the crawl's position, so that a run survives its replica: another one (or this one
 * after a restart) takes it over from there. Orphaned upload slots older than
 * {@code CLOUDFLARE_ORPHAN_GRACE} go to the durable deletion queue; everything else is reported.
 * Only one page of the library is held at a time.
 */
@ApplicationScoped
public class Reconciliation {

    private static final Logger LOG = Logger.getLogger(Reconciliation.class);
    /** A page asks again for the videos created this long before the last one seen, so ties at a page's edge are not lost. */
    static final Duration OVERLAP = Duration.ofMillis(1);
    /** How often a request that found another replica's run under way looks whether it has finished. */
    private static final Duration JOIN_POLL = Duration.ofMillis(500);

    private final ReconciliationRuns runs;
    private final CloudflareStream cloudflare;
    private final CloudflareOutbox outbox;
    private final CloudflareConfig cloudflareConfig;

    Reconciliation(ReconciliationRuns runs, CloudflareStream cloudflare, CloudflareOutbox outbox,
            CloudflareConfig cloudflareConfig) {
        this.runs = runs;
        this.cloudflare = cloudflare;
        this.outbox = outbox;
        this.cloudflareConfig = cloudflareConfig;
    }

    /**
     * A run to its end and its report: an abandoned run taken over, else a new one; when another
     * replica is crawling, its run, once it finishes. Fails with {@code CLOUDFLARE_ERROR} when
     * Cloudflare fails mid-crawl (the run stays, to be resumed).
     */
    public Uni<ReconciliationReport> run() {
        return runs.takeOverAbandoned()
                .chain(abandoned -> abandoned != null ? Uni.createFrom().item(abandoned) : runs.start())
                .chain(mine -> mine != null ? crawl(mine).chain(() -> reportOf(mine.id()))
                        // another replica's run: its report (a run that finished meanwhile is the last)
                        : runs.unfinished().chain(other -> other == null ? runs.last() : reportOf(other)));
    }

    /** The newest finished run's report; null when none has finished. */
    public Uni<ReconciliationReport> last() {
        return runs.last();
    }

    @Scheduled(cron = "${video.reconciliation.cron:0 30 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return run().invoke(report -> LOG.infof("reconciliation: %d Cloudflare videos, %d orphans (%d upload slots deleted),"
                + " %d missing, %d drifted", report.cloudflareVideos(), report.orphans().size(), report.orphanSlotsDeleted(),
                report.missing().size(), report.settingsDrift().size()))
                .onFailure().invoke(failure -> LOG.warnf("reconciliation stopped, to be resumed: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Takes over a run whose replica is gone (after a crash or a restart) and finishes it. */
    @Scheduled(every = "${video.reconciliation.resume-interval:5M}", delayed = "1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resumeAbandoned() {
        return runs.takeOverAbandoned()
                .chain(abandoned -> abandoned == null ? Uni.createFrom().voidItem()
                        : crawl(abandoned).invoke(() -> LOG.infof("reconciliation %d resumed and finished", abandoned.id())))
                .onFailure().invoke(failure -> LOG.warnf("reconciliation stopped, to be resumed: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * The run's report once it has finished: while another replica crawls it (this one's lease may
     * have gone to it), waited for; if that replica dies, taken over and finished here.
     */
    private Uni<ReconciliationReport> reportOf(long id) {
        return runs.finished(id).chain(finished -> finished
                ? runs.report(id).onItem().ifNull().switchTo(runs::last)
                : Uni.createFrom().voidItem().onItem().delayIt().by(JOIN_POLL)
                        .chain(runs::takeOverAbandoned)
                        .chain(abandoned -> abandoned == null ? reportOf(id) : crawl(abandoned).chain(() -> reportOf(id))));
    }

    /**
     * Page after page until the last, one page at a time: each step is a Uni of its own (not one
     * chained inside the other), so that nothing of a page outlives its step.
     */
    private Uni<Void> crawl(ReconciliationRuns.Run first) {
        AtomicReference<ReconciliationRuns.Run> current = new AtomicReference<>(first);
        return Multi.createBy().repeating().uni(() -> step(current.get()))
                .whilst(next -> {
                    next.ifPresent(current::set);
                    return next.isPresent();
                })
                .collect().last().replaceWithVoid();
    }

    /** One page: compared, recorded with the crawl's new position; the run to go on with, empty when it ended here. */
    private Uni<Optional<ReconciliationRuns.Run>> step(ReconciliationRuns.Run run) {
        return cloudflare.library(run.cursor(), Priority.BACKGROUND)
                .chain(page -> {
                    boolean lastPage = page.size() < CloudflareStream.LIBRARY_PAGE;
                    List<LibraryVideo> fresh = page.stream().filter(video -> !run.cursorUids().contains(video.uid())).toList();
                    Instant cursor = page.isEmpty() ? run.cursor() : next(page, fresh.isEmpty() && !lastPage);
                    Set<String> repeatable = new HashSet<>();
                    page.stream().filter(video -> cursor == null || video.created().isAfter(cursor))
                            .forEach(video -> repeatable.add(video.uid()));
                    ReconciliationRuns.Run moved = new ReconciliationRuns.Run(run.id(), run.startedAt(), cursor, repeatable);
                    return compare(fresh, moved).chain(found -> runs.record(run, found)).chain(held -> {
                        if (!held) {
                            LOG.infof("reconciliation %d: the lease went to another replica, which goes on from here", run.id());
                            return Uni.createFrom().item(Optional.<ReconciliationRuns.Run> empty());
                        }
                        return lastPage ? runs.finish(moved).replaceWith(Optional.<ReconciliationRuns.Run> empty())
                                : Uni.createFrom().item(Optional.of(moved));
                    });
                })
                // Cloudflare or the database failed: another try may take the run over at once, from here
                .onFailure().call(() -> runs.release(run));
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
        return Multi.createFrom().iterable(slots).onItem().transformToUniAndConcatenate(uid -> outbox.queue(uid, Action.DELETE))
                .collect().last()
                .invoke(() -> outbox.attemptInBackground(slots, Action.DELETE, Priority.BACKGROUND))
                .replaceWithVoid();
    }
}
