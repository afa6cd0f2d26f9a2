package com.coursevideo.report;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;

import com.coursevideo.access.Viewer;
import com.coursevideo.course.CourseRepository;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.Ids;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** A course's videos as CSV, for course teams' spreadsheets, streamed ({@link CsvCursor}). */
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

    private final CourseRepository courses;
    private final CsvCursor csv;

    CourseVideoReport(CourseRepository courses, CsvCursor csv) {
        this.courses = courses;
        this.csv = csv;
    }

    @GET
    @Produces(TEXT_CSV + ";charset=utf-8")
    public RestMulti<String> export(@RestPath String courseId) {
        UUID id = Ids.parse("courseId", courseId);
        return RestMulti.fromUniResponse(
                courses.find(id).onItem().ifNull().failWith(() -> VideoError.courseNotFound(id)),
                course -> Multi.createBy().concatenating().streams(Multi.createFrom().item(Csv.record(HEADER)),
                        csv.records(SELECT, Tuple.of(id), CourseVideoReport::fields)),
                course -> Map.of("Content-Disposition", List.of("attachment; filename=\"course-" + id + "-videos.csv\"")));
    }

    private static List<?> fields(Row row) {
        return Arrays.asList(row.getUUID("id"), row.getString("lesson_id"), row.getString("title"),
                row.getString("status"), row.getDouble("duration"), row.getBoolean("require_signed_urls"),
                CsvCursor.utc(row.getOffsetDateTime("available_from")), CsvCursor.utc(row.getOffsetDateTime("available_until")),
                row.getString("caption_languages"), CsvCursor.utc(row.getOffsetDateTime("created_at")),
                CsvCursor.utc(row.getOffsetDateTime("updated_at")));
    }
}
