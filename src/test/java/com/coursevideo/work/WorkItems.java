package com.coursevideo.work;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.coursevideo.database.TestDatabase;

/** The work queue's rows, as tests look at them and set them up beside the service. */
public final class WorkItems {

    private WorkItems() {
    }

    /** Whether the job is queued. */
    public static boolean queued(String kind, String key) {
        return number("SELECT count(*) FROM work_items WHERE kind = ? AND key = ?", kind, key) > 0;
    }

    /** Its failures in a row so far (0 when it is not queued). */
    public static long attempts(String kind, String key) {
        return number("SELECT coalesce(max(attempts), 0) FROM work_items WHERE kind = ? AND key = ?", kind, key);
    }

    /** Seconds until the job is due (negative when it is overdue). */
    public static long secondsUntilDue(String kind, String key) {
        return number("SELECT extract(epoch FROM due_at - clock_timestamp())::bigint FROM work_items WHERE kind = ? AND key = ?",
                kind, key);
    }

    /** The job due now, as if its wait were over. */
    public static void makeDue(String kind, String key) {
        update("UPDATE work_items SET due_at = clock_timestamp() WHERE kind = ? AND key = ?", kind, key);
    }

    /** The job as an instance that claimed it and died leaves it: held for {@code seconds} more (negative: run out). */
    public static void heldElsewhere(String kind, String key, int seconds) {
        update("UPDATE work_items SET lease_owner = gen_random_uuid(), due_at = clock_timestamp() + make_interval(secs => "
                + seconds + ") WHERE kind = ? AND key = ?", kind, key);
    }

    /** The job queued as the transaction that makes it necessary would queue it. */
    public static void request(String kind, String key) {
        update("INSERT INTO work_items (kind, key) VALUES (?, ?) ON CONFLICT DO NOTHING", kind, key);
    }

    /** Every job of the kind dropped: what other tests left queued does not run in this one's. */
    public static void dropAll(String kind) {
        update("DELETE FROM work_items WHERE kind = ?", kind);
    }

    private static long number(String sql, String kind, String key) {
        try (Connection db = TestDatabase.connect(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, kind);
            query.setString(2, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(String sql, String... values) {
        try (Connection db = TestDatabase.connect(); PreparedStatement update = db.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                update.setString(i + 1, values[i]);
            }
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
