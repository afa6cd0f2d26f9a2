package com.coursevideo.course;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.Like;
import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;
import com.coursevideo.http.Page;
import com.coursevideo.video.VideoState;
import com.coursevideo.video.VideoStore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The one writer of {@code courses}, and its reads. */
@ApplicationScoped
public class CourseRepository {

    private final Pool pool;
    private final VideoStore videos;

    CourseRepository(Pool pool, VideoStore videos) {
        this.pool = pool;
        this.videos = videos;
    }

    public Uni<Course> create(String title, List<String> allowedOrigins) {
        return query("INSERT INTO courses (title, allowed_origins) VALUES ($1, $2) RETURNING " + Course.COLUMNS,
                Tuple.of(title, allowedOrigins.toArray(String[]::new)))
                .map(rows -> Course.from(rows.iterator().next()));
    }

    /** The course, or null when there is none. */
    public Uni<Course> find(UUID id) {
        return query("SELECT " + Course.COLUMNS + " FROM courses WHERE id = $1", Tuple.of(id))
                .map(rows -> Rows.first(rows, Course::from));
    }

    /**
     * A page of courses ordered by title, then id; {@code search} (or null) a case-insensitive
     * substring of the title. Reads one row more than the page, to tell whether more remain.
     */
    public Uni<List<Course>> list(String search, Page page) {
        List<Object> arguments = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + Course.COLUMNS + " FROM courses WHERE true");
        if (search != null) {
            arguments.add(Like.containing(search));
            sql.append(" AND title ILIKE $").append(arguments.size());
        }
        if (!page.first()) {
            arguments.add(page.after(0));
            arguments.add(page.afterId(1));
            sql.append(" AND (title, id) > ($").append(arguments.size() - 1).append(", $").append(arguments.size()).append(")");
        }
        arguments.add(page.limit() + 1);
        sql.append(" ORDER BY title, id LIMIT $").append(arguments.size());
        return query(sql.toString(), Tuple.from(arguments)).map(rows -> Rows.all(rows, Course::from));
    }

    /**
     * Changes the course's title and allowed origins (null: as they are); null when there is no such
     * course. New origins reach Cloudflare for every video of the course through the queue, asked
     * for in the same transaction. The course row is locked first, so a video added meanwhile is
     * either seen here or sees the new origins.
     */
    public Uni<Course> update(UUID id, String title, List<String> allowedOrigins) {
        String[] origins = allowedOrigins == null ? null : allowedOrigins.toArray(String[]::new);
        return pool.withTransaction(connection -> connection.preparedQuery("WITH old AS (SELECT id, allowed_origins"
                        + " FROM courses WHERE id = $1 FOR UPDATE) UPDATE courses c SET title = coalesce($2, c.title),"
                        + " allowed_origins = coalesce($3, c.allowed_origins) FROM old WHERE c.id = old.id"
                        + " RETURNING c.id, c.title, c.allowed_origins, c.created_at, c.updated_at"
                        + ", old.allowed_origins IS DISTINCT FROM c.allowed_origins AS origins_changed")
                        .execute(Tuple.of(id, title, origins))
                        .call(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("origins_changed")
                                ? videos.courseSettingsChanged(connection, id) : Uni.createFrom().voidItem())
                        .map(rows -> Rows.first(rows, Course::from)))
                .onFailure().transform(PgFailures::translate);
    }

    /**
     * Deletes the course and its videos in one transaction (the videos through their owner, which
     * queues their Cloudflare deletions and drops their cache entries); where the videos stood, or
     * null when there was no such course.
     */
    public Uni<List<VideoState>> delete(UUID id) {
        return videos.deleteCourse(id, connection -> connection.preparedQuery("DELETE FROM courses WHERE id = $1")
                .execute(Tuple.of(id)));
    }

    private Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).onFailure().transform(PgFailures::translate);
    }
}
