package com.coursevideo.database;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;

/**
 * Translates what the PostgreSQL client fails with into what the request did wrong: a broken
 * constraint into the contract's error code, a lost or refused connection into
 * {@code DATABASE_ERROR}. Anything else stays as it is: it is a bug, and reported as one.
 */
public final class PgFailures {

    private static final Logger LOG = Logger.getLogger(PgFailures.class);

    /** Constraint name → the error a client gets when its request breaks it. */
    private static final Map<String, VideoError> CONSTRAINTS = Map.of(
            "course_videos_cloudflare_video_id_key",
            new VideoError(ErrorCode.DUPLICATE_VIDEO, "cloudflare_video_id is already registered"),
            "course_videos_course_id_lesson_id_key", VideoError.lessonTaken(),
            "course_videos_ready_is_complete",
            VideoError.invalidInput("processing_progress must be 100 when status is ready"),
            "course_videos_release_window",
            VideoError.invalidInput("available_until must be later than available_from"));

    private PgFailures() {
    }

    /** For failures whose error needs the request's data: {@code onFailure(violated("fk")).transform(...)}. */
    public static Predicate<Throwable> violated(String constraint) {
        return failure -> failure instanceof PgException pg && constraint.equals(pg.getConstraint());
    }

    /** A failure with this SQLSTATE: {@code onFailure(hasCode("42P01"))}. */
    public static Predicate<Throwable> hasCode(String sqlState) {
        return failure -> failure instanceof PgException pg && sqlState.equals(pg.getSqlState());
    }

    /** For {@code uni.onFailure().transform(PgFailures::translate)} on every database call. */
    public static Throwable translate(Throwable failure) {
        if (failure instanceof PgException pg) {
            VideoError known = pg.getConstraint() == null ? null : CONSTRAINTS.get(pg.getConstraint());
            if (known != null) {
                return known;
            }
            if (isDataException(pg.getSqlState())) {
                // only request values reach our parameterized SQL; a NUL escape in metadata, say.
                // PostgreSQL's own words stay in the log: they may quote more than the client sent
                LOG.infof("refused a value the database cannot store (SQLSTATE %s): %s", pg.getSqlState(), pg.getErrorMessage());
                return VideoError.invalidInput("the request holds a value the database cannot store (SQLSTATE "
                        + pg.getSqlState() + ")");
            }
            return isUnavailable(pg.getSqlState()) ? VideoError.databaseUnavailable() : failure;
        }
        if (failure instanceof IOException || failure instanceof VertxException
                || failure instanceof TimeoutException) {
            // refused or reset connections, a closed pool, a connection lost mid-query
            return VideoError.databaseUnavailable();
        }
        return failure;
    }

    /** Class 22: a value that does not fit its type (bad encoding, out of range, unsupported escape). */
    private static boolean isDataException(String sqlState) {
        return sqlState != null && sqlState.startsWith("22");
    }

    /**
     * Connection failures (08), no resources (53), operator intervention (57, also a statement that
     * ran past statement_timeout), and a lock not had within lock_timeout (55P03).
     */
    private static boolean isUnavailable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("53")
                || sqlState.startsWith("57") || sqlState.equals("55P03"));
    }
}
