package com.coursevideo.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The shared test database over JDBC, for what a test does beside the service: rows in bulk, a lock held elsewhere. */
public final class TestDatabase {

    /** The tests' database: {@code coursevideo_test}, or {@code TEST_DATABASE} (as application.properties says). */
    public static final String NAME = System.getenv().getOrDefault("TEST_DATABASE", "coursevideo_test");
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + NAME;

    private TestDatabase() {
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "postgres", "");
    }

    /** {@code count} ready videos in the course at once, lessons {@code lesson-0001} on, as no API call could add them. */
    public static void insertVideos(String courseId, int count) throws SQLException {
        try (Connection db = connect();
                PreparedStatement insert = db.prepareStatement("INSERT INTO course_videos (course_id, lesson_id,"
                        + " cloudflare_video_id, title, status, processing_progress) SELECT ?::uuid, 'lesson-' || lpad(n::text, 4, '0'),"
                        + " md5(random()::text || n), 'Lesson ' || n, 'ready', 100 FROM generate_series(1, ?) n")) {
            insert.setString(1, courseId);
            insert.setInt(2, count);
            insert.executeUpdate();
        }
    }

    /**
     * The video's row locked in a transaction of another session, as a migration or a stuck
     * transaction would hold it; closing the connection releases it.
     */
    public static Connection lockVideo(String videoId) throws SQLException {
        Connection session = connect();
        session.setAutoCommit(false);
        try (PreparedStatement lock = session.prepareStatement("SELECT 1 FROM course_videos WHERE id = ?::uuid FOR UPDATE")) {
            lock.setString(1, videoId);
            lock.executeQuery().close();
            return session;
        } catch (SQLException e) {
            session.close();
            throw e;
        }
    }

    /** Whether a session of the test database waits on a lock (asked in a session of its own: pg_stat_activity is a snapshot per transaction). */
    public static boolean someoneWaitsOnALock() {
        try (Connection observer = connect();
                PreparedStatement waiting = observer.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
                ResultSet rows = waiting.executeQuery()) {
            return rows.next() && rows.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
