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
