package com.coursevideo.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Start-up against a database that does not exist yet: by one instance, again, and by two at once. */
class DatabaseMigrationTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private final String database = "coursevideo_migration_" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void dropDatabase() throws Exception {
        try (Connection server = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                var statement = server.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void createsMissingDatabaseAndMigratesIt() throws Exception {
        instance().migrate();
        assertEquals(migrationFiles(), appliedMigrations());
        assertEquals(0, count("SELECT count(*) FROM course_videos"));
    }

    @Test
    void startingTwiceIsSafe() throws Exception {
        instance().migrate();
        instance().migrate();
        assertEquals(migrationFiles(), appliedMigrations());
    }

    @Test
    void twoInstancesStartingAtOnceAreSafe() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        // threads of their own: the common pool has one thread on a 2-core machine, and both must wait at the barrier
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            var first = CompletableFuture.runAsync(() -> startAfter(together), threads);
            var second = CompletableFuture.runAsync(() -> startAfter(together), threads);
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertEquals(migrationFiles(), appliedMigrations());
    }

    private void startAfter(CyclicBarrier together) {
        try {
            DatabaseMigration instance = instance();
            together.await(10, TimeUnit.SECONDS);
            instance.migrate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private DatabaseMigration instance() {
        String url = SERVER + database;
        Flyway flyway = Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load();
        DatabaseConfig config = new DatabaseConfig() {
            @Override
            public boolean createIfMissing() {
                return true;
            }

            @Override
            public String maintenanceDatabase() {
                return "postgres";
            }
        };
        MigrationConfig atStart = () -> true;
        return new DatabaseMigration(() -> flyway, config, atStart, url, "postgres", Optional.empty());
    }

    /** Each versioned migration applied once: as many as there are files. */
    private static long migrationFiles() throws Exception {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            return files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    private long appliedMigrations() throws Exception {
        return count("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL");
    }

    private long count(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(SERVER + database, "postgres", "");
                ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
