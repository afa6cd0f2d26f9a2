package com.coursevideo.work;

import java.time.Duration;

/**
 * What became of a job: {@link #done()} (it leaves the queue), {@link #again(Duration)} (done for
 * now, due again later: a poll), or failed (retried after the kind's backoff, or after the delay
 * the handler names).
 *
 * @param cause why it failed, for an {@link WorkQueue#attempt} whose caller reports it (not stored)
 */
public record Outcome(Kind kind, Duration after, String error, Throwable cause) {

    public enum Kind {
        DONE, AGAIN, FAILED
    }

    public static Outcome done() {
        return new Outcome(Kind.DONE, null, null, null);
    }

    /** Done for now; due again {@code after} from now, with its failures forgotten. */
    public static Outcome again(Duration after) {
        return new Outcome(Kind.AGAIN, after, null, null);
    }

    /** Failed: retried after the kind's backoff for its failures in a row. */
    public static Outcome failed(String error) {
        return new Outcome(Kind.FAILED, null, error, null);
    }

    /** Failed: retried {@code after} from now. */
    public static Outcome failed(String error, Duration after) {
        return new Outcome(Kind.FAILED, after, error, null);
    }

    /** Failed by an exception: retried after the kind's backoff. */
    public static Outcome failed(Throwable cause) {
        return new Outcome(Kind.FAILED, null, String.valueOf(cause.getMessage()), cause);
    }

    public boolean succeeded() {
        return kind != Kind.FAILED;
    }
}
