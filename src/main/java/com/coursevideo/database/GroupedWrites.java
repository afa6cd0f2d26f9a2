package com.coursevideo.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Small writes of one statement from many callers at once, committed together: what arrives while
 * the statement's previous batch is being committed goes in the next batch, sent in one round trip
 * and committed once ({@code executeBatch}: PostgreSQL runs the statements before one Sync in one
 * implicit transaction). With nothing under way a write is sent at once, alone, so a quiet service
 * waits for nothing; under load one commit carries many writes. When a batch fails, each of its
 * writes is made again on its own, so a write that fails fails only its own caller.
 *
 * <p>For writes whose callers need nothing but "done" (no rows back), such as the work queue's
 * outcomes. One entry is kept per statement text: statements are constants, not built from values.
 */
@ApplicationScoped
public class GroupedWrites {

    /** Writes a batch carries at most. */
    static final int MOST = 100;

    private final Pool pool;
    private final Map<String, Statement> statements = new ConcurrentHashMap<>();

    GroupedWrites(Pool pool) {
        this.pool = pool;
    }

    /** Makes the write, with others of the same statement when they come together; done once committed. */
    public Uni<Void> execute(String sql, Tuple arguments) {
        return statements.computeIfAbsent(sql, Statement::new).execute(arguments);
    }

    private record Waiting(Tuple arguments, UniEmitter<? super Void> caller) {
    }

    /** One statement's writes: those gathered, and whether a batch of them is under way. */
    private final class Statement {

        private final String sql;
        private List<Waiting> gathered = new ArrayList<>();
        private boolean sending;

        Statement(String sql) {
            this.sql = sql;
        }

        Uni<Void> execute(Tuple arguments) {
            return Uni.createFrom().emitter(caller -> {
                boolean first;
                synchronized (this) {
                    gathered.add(new Waiting(arguments, caller));
                    first = !sending;
                    sending = true;
                }
                if (first) {
                    sendNext();
                }
            });
        }

        /** Sends what has gathered, then what gathers meanwhile, until nothing is left. */
        private void sendNext() {
            List<Waiting> batch;
            synchronized (this) {
                if (gathered.isEmpty()) {
                    sending = false;
                    return;
                }
                if (gathered.size() <= MOST) {
                    batch = gathered;
                    gathered = new ArrayList<>();
                } else {
                    batch = new ArrayList<>(gathered.subList(0, MOST));
                    gathered.subList(0, MOST).clear();
                }
            }
            send(batch).subscribe().with(done -> sendNext(), failure -> sendNext());
        }

        private Uni<Void> send(List<Waiting> batch) {
            if (batch.size() == 1) {
                return alone(batch.get(0));
            }
            List<Tuple> arguments = new ArrayList<>(batch.size());
            for (Waiting write : batch) {
                arguments.add(write.arguments());
            }
            return pool.preparedQuery(sql).executeBatch(arguments)
                    .invoke(() -> batch.forEach(write -> write.caller().complete(null)))
                    .replaceWithVoid()
                    // one write failed them all (nothing of the batch is committed): each on its own
                    .onFailure().recoverWithUni(failure -> Multi.createFrom().iterable(batch)
                            .onItem().transformToUniAndMerge(this::alone)
                            .collect().last().replaceWithVoid());
        }

        /** The write on its own; its caller learns how it went. Never fails. */
        private Uni<Void> alone(Waiting write) {
            return pool.preparedQuery(sql).execute(write.arguments())
                    .onItemOrFailure().invoke((rows, failure) -> {
                        if (failure == null) {
                            write.caller().complete(null);
                        } else {
                            write.caller().fail(PgFailures.translate(failure));
                        }
                    })
                    .replaceWithVoid()
                    .onFailure().recoverWithNull();
        }
    }
}
