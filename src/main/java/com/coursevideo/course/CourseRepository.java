package com.coursevideo.course;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareOutbox;
import com.coursevideo.cloudflare.CloudflareOutbox.Action;
import com.coursevideo.database.Like;
import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;
import com.coursevideo.http.Page;
import com.coursevideo.video.VideoState;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class CourseRepository {

    private final Pool pool;

    CourseRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Course> create(String title) {
        return query("INSERT INTO courses (title) VALUES ($1) RETURNING " + Course.COLUMNS, Tuple.of(title))
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

    /** Renames the course; null when there is none. */
    public Uni<Course> rename(UUID id, String title) {
        return query("UPDATE courses SET title = $2 WHERE id = $1 RETURNING " + Course.COLUMNS, Tuple.of(id, title))
                .map(rows -> Rows.first(rows, Course::from));
    }

    /**
     * Deletes the course and its videos in one transaction, which also queues their Cloudflare
     * deletions; returns where the videos stood, or
     * null when there was no such course. Locking the course first keeps a concurrent insert from
     * adding a video that this deletion would remove without knowing of it.
     */
    public Uni<List<VideoState>> delete(UUID id) {
        Tuple course = Tuple.of(id);
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT id FROM courses WHERE id = $1 FOR UPDATE").execute(course)
                .chain(found -> found.size() == 0 ? Uni.createFrom().<List<VideoState>>nullItem()
                        : connection.preparedQuery("WITH gone AS (DELETE FROM course_videos WHERE course_id = $1"
                                + " RETURNING " + VideoState.COLUMNS + "),"
                                + " queued AS (" + CloudflareOutbox.queueFrom("gone", Action.DELETE) + ")"
                                + " SELECT * FROM gone")
                                .execute(course)
                                .map(rows -> Rows.all(rows, VideoState::from))
                                .call(() -> connection.preparedQuery("DELETE FROM courses WHERE id = $1")
                                        .execute(course))))
                .onFailure().transform(PgFailures::translate);
    }

    private Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).onFailure().transform(PgFailures::translate);
    }
}
