package com.coursevideo.database;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** Reads a result set into the records the repositories return. */
public final class Rows {

    private Rows() {
    }

    /** The first row read by {@code read}, or null when there is none. */
    public static <T> T first(RowSet<Row> rows, Function<Row, T> read) {
        return rows.size() == 0 ? null : read.apply(rows.iterator().next());
    }

    public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> read) {
        List<T> items = new ArrayList<>(rows.size());
        for (Row row : rows) {
            items.add(read.apply(row));
        }
        return items;
    }
}
