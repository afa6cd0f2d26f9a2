package com.coursevideo.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Each test run starts from an empty test database: it is dropped before the first test, and the
 * first service the run starts creates and migrates it again. Rows a test left behind (an earlier
 * run's 180,000 queued videos once made a sync of every video time out) never reach the next run,
 * and a checkout whose migrations differ from the last one's starts clean. The surefire and the
 * failsafe run each start fresh.
 */
public class FreshTestDatabase implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try (Connection server = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement drop = server.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + TestDatabase.NAME + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test database " + TestDatabase.NAME
                    + " (is PostgreSQL up on 127.0.0.1:5432?)", e);
        }
    }
}
