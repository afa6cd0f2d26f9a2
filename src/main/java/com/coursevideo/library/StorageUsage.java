package com.coursevideo.library;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * {@code GET /api/admin/usage}: what Cloudflare bills (minutes stored, the plan's limit, videos)
 * beside the minutes each course's rows add up to, most first. When Cloudflare cannot answer, its
 * three figures are null and the courses' are still there.
 */
@ApplicationScoped
public class StorageUsage {

    @RegisterForReflection
    public record Report(Long totalStorageMinutes, Long totalStorageMinutesLimit, Long videoCount, List<CourseMinutes> courses) {
    }

    /** A course's videos and the minutes of their known durations. */
    @RegisterForReflection
    public record CourseMinutes(UUID courseId, String title, long videos, double minutes) {
    }

    private final CloudflareStream cloudflare;
    private final Pool pool;

    StorageUsage(CloudflareStream cloudflare, Pool pool) {
        this.cloudflare = cloudflare;
        this.pool = pool;
    }

    Uni<Report> report() {
        Uni<CloudflareStream.StorageUsage> billed = cloudflare.storageUsage().onFailure().recoverWithNull();
        Uni<List<CourseMinutes>> courses = pool.query("SELECT course.id, course.title, count(*),"
                + " round(coalesce(sum(video.duration), 0)::numeric / 60, 1) AS minutes"
                + " FROM course_videos video JOIN courses course ON course.id = video.course_id"
                + " GROUP BY course.id, course.title ORDER BY minutes DESC, course.id").execute()
                .map(rows -> Rows.all(rows, row -> new CourseMinutes(row.getUUID(0), row.getString(1), row.getLong(2),
                        row.getNumeric(3).doubleValue())))
                .onFailure().transform(PgFailures::translate);
        return Uni.combine().all().unis(billed, courses).asTuple().map(both -> {
            CloudflareStream.StorageUsage usage = both.getItem1();
            return new Report(usage == null ? null : usage.totalStorageMinutes(),
                    usage == null ? null : usage.totalStorageMinutesLimit(), usage == null ? null : usage.videoCount(),
                    both.getItem2());
        });
    }
}
