package com.coursevideo.database;

import io.quarkus.runtime.QuarkusApplication;

/**
 * {@code migrate}: the migration as a step of its own (a Kubernetes Job, a deployment pipeline),
 * for services started with {@code VIDEO_MIGRATE_AT_START=false}. It needs the database settings
 * only; it opens no HTTP port and runs no scheduled work, and exits 0 once the schema is current.
 */
public class MigrateCommand implements QuarkusApplication {

    static final String NAME = "migrate";

    private final DatabaseMigration migration;

    MigrateCommand(DatabaseMigration migration) {
        this.migration = migration;
    }

    /** Whether the process was started to migrate rather than to serve. */
    public static boolean requested(String... args) {
        return args.length == 1 && NAME.equals(args[0]);
    }

    /** Settings for a migrating process, before Quarkus reads its configuration. */
    public static void configure() {
        System.setProperty("quarkus.datasource.migration.active", "true");
        System.setProperty("video.migrate-at-start", "false");
        System.setProperty("quarkus.http.host-enabled", "false");
        System.setProperty("quarkus.management.host-enabled", "false");
        System.setProperty("quarkus.scheduler.enabled", "false");
        // no load balancer to leave: exit as soon as the migration is done
        System.setProperty("quarkus.shutdown.delay", "0S");
    }

    @Override
    public int run(String... args) throws Exception {
        migration.migrate();
        return 0;
    }
}
