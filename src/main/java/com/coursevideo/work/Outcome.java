package com.coursevideo.work;

import java.time.Duration;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What became of a job: {@link #done()} (it leaves the queue), {@link #again(Duration)} (done for
 * now, due again later: a poll), or failed (retried after the kind's backoff, or after the delay
 * the handler names).
 *
 * @param cause why it failed, for an {@link WorkQueue#attempt} whose caller reports it (not stored)
 * @param write the handler's own write of what became of the job, made by the statement that records
 *        the outcome (one commit for both), or null
 */
public record Outcome(Kind kind, Duration after, String error, Throwable cause, Write write) {

    /**
     * A data-modifying statement ({@code UPDATE …}, {@code INSERT …}) and its arguments, run as a
     * common table expression of the queue's own statement: it must not return rows anyone reads.
     */
    public record Write(String sql, Tuple arguments) {
    }

    public enum Kind {
        DONE, AGAIN, FAILED
    }

    public static Outcome done() {
        return new Outcome(Kind.DONE, null, null, null, null);
    }

    /** Done for now; due again {@code after} from now, with its failures forgotten. */
    public static Outcome again(Duration after) {
        return new Outcome(Kind.AGAIN, after, null, null, null);
    }

    /** Failed: retried after the kind's backoff for its failures in a row. */
    public static Outcome failed(String error) {
        return new Outcome(Kind.FAILED, null, error, null, null);
    }

    /** Failed: retried {@code after} from now. */
    public static Outcome failed(String error, Duration after) {
        return new Outcome(Kind.FAILED, after, error, null, null);
    }

    /** Failed by an exception: retried after the kind's backoff. */
    public static Outcome failed(Throwable cause) {
        return new Outcome(Kind.FAILED, null, String.valueOf(cause.getMessage()), cause, null);
    }

    /** This outcome, recorded together with the handler's own write. */
    public Outcome with(Write write) {
        return new Outcome(kind, after, error, cause, write);
    }

    public boolean succeeded() {
        return kind != Kind.FAILED;
    }
}
