package com.coursevideo.course;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.PgFailures;

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
                .map(rows -> rows.size() == 0 ? null : Course.from(rows.iterator().next()));
    }

    /** Deletes the course and, by cascade, its videos; false when there was no such course. */
    public Uni<Boolean> delete(UUID id) {
        return query("DELETE FROM courses WHERE id = $1", Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    private Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).onFailure().transform(PgFailures::translate);
    }
}
