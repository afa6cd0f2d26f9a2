package com.coursevideo.report;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;

import com.coursevideo.access.Viewer;
import com.coursevideo.course.CourseRepository;
import com.coursevideo.database.PgFailures;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.Ids;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A course's videos as CSV, for course teams' spreadsheets. Streamed: rows are read through a
 * cursor a batch at a time and written as they come, so a course of any size is never held in
 * memory whole, and a slow client slows the cursor instead of filling the heap.
 */
@Path("/api/courses/{courseId}/videos/export.csv")
@RolesAllowed(Viewer.ADMIN)
public class CourseVideoReport {

    static final String TEXT_CSV = "text/csv";

    private static final List<String> HEADER = List.of("id", "lesson_id", "title", "status", "duration",
            "require_signed_urls", "available_from", "available_until", "caption_languages", "created_at", "updated_at");
    private static final String SELECT = "SELECT v.id, v.lesson_id, v.title, v.status::text AS status, v.duration,"
            + " v.require_signed_urls, v.available_from, v.available_until,"
            + " (SELECT string_agg(c.language, ' ' ORDER BY c.language) FROM video_captions c WHERE c.video_id = v.id)"
            + " AS caption_languages, v.created_at, v.updated_at"
            + " FROM course_videos v WHERE v.course_id = $1 ORDER BY v.lesson_id, v.id";
    /** Rows fetched from the cursor at a time. */
    private static final int FETCH = 500;

    private final CourseRepository courses;
    private final Pool pool;
    /** Read-only, and ended by PostgreSQL when a stalled client leaves it idle (ReportConfig). */
    private final String transactionSettings;

    CourseVideoReport(CourseRepository courses, Pool pool, ReportConfig config) {
        this.courses = courses;
        this.pool = pool;
        this.transactionSettings = "SET TRANSACTION READ ONLY; SET LOCAL idle_in_transaction_session_timeout = "
                + Math.max(1, config.idleInTransactionTimeout().toMillis());
    }

    @GET
    @Produces(TEXT_CSV + ";charset=utf-8")
    public RestMulti<String> export(@RestPath String courseId) {
        UUID id = Ids.parse("courseId", courseId);
        return RestMulti.fromUniResponse(
                courses.find(id).onItem().ifNull().failWith(() -> VideoError.courseNotFound(id)),
                course -> Multi.createBy().concatenating().streams(Multi.createFrom().item(Csv.record(HEADER)), rows(id)),
                course -> Map.of("Content-Disposition", List.of("attachment; filename=\"course-" + id + "-videos.csv\"")));
    }

    /**
     * The course's rows as CSV records, through a cursor in a read-only transaction of their own.
     * The transaction is begun through the client (not as a {@code BEGIN} statement), so that it
     * is ended whatever happens, before the connection goes back to the pool. A client that stops
     * reading pauses the cursor and leaves the transaction idle: PostgreSQL ends it after
     * {@link ReportConfig#idleInTransactionTimeout()}, and the download fails.
     */
    private Multi<String> rows(UUID courseId) {
        return Multi.createFrom().resourceFromUni(
                () -> pool.getConnection().chain(connection -> connection.begin()
                        .call(transaction -> connection.query(transactionSettings).execute())
                        .map(transaction -> new Session(connection, transaction))
                        .onFailure().call(connection::close)),
                session -> session.connection().prepare(SELECT)
                        .onItem().transformToMulti(statement -> statement.createStream(FETCH, Tuple.of(courseId)).toMulti())
                        .map(CourseVideoReport::record))
                .withFinalizer((Function<Session, Uni<Void>>) session -> session.transaction().rollback()
                        .onFailure().recoverWithNull()
                        .eventually(() -> session.connection().close()))
                .onFailure().transform(PgFailures::translate);
    }

    private record Session(SqlConnection connection, Transaction transaction) {
    }

    private static String record(Row row) {
        return Csv.record(Arrays.asList(row.getUUID("id"), row.getString("lesson_id"), row.getString("title"),
                row.getString("status"), row.getDouble("duration"), row.getBoolean("require_signed_urls"),
                utc(row.getOffsetDateTime("available_from")), utc(row.getOffsetDateTime("available_until")),
                row.getString("caption_languages"), utc(row.getOffsetDateTime("created_at")),
                utc(row.getOffsetDateTime("updated_at"))));
    }

    private static String utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).toString();
    }
}
