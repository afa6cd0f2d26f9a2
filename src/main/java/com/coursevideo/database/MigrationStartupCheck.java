package com.coursevideo.database;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** The startup probe: up once the schema has been migrated, at once when migrations run as their own step. */
@Startup
@ApplicationScoped
public class MigrationStartupCheck implements HealthCheck {

    private final DatabaseMigration migration;

    MigrationStartupCheck(DatabaseMigration migration) {
        this.migration = migration;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("database-migrated").status(migration.startedUp()).build();
    }
}
