package com.coursevideo.database;

import java.time.Duration;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Readiness judges the pool that serves requests, the reactive one, and the schema it serves
 * from: one query, given 3 seconds, that also finds whether the migration this build was made
 * for has been applied. A schema behind it (migrations run as their own step and have not run
 * yet) keeps the pod out of service and says so in the log; a newer one (the next release
 * migrated first) is served, as migrations only ever add to what older builds use. (Quarkus's own
 * datasource checks are off: they would open a JDBC pool.)
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    static final String NAME = "PostgreSQL (reactive pool)";
    /** The newest migration in {@code db/migration}; {@code SchemaVersionTest} keeps the two in step. */
    static final String SCHEMA_VERSION = "18";
    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class);
    private static final Duration LIMIT = Duration.ofSeconds(3);
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String NOT_MIGRATED = "not migrated";

    private final Pool pool;
    /** What the last check found of the schema, to log each change once rather than every probe. */
    private volatile String lastSeen;

    DatabaseReadiness(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.preparedQuery("SELECT (SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                + " ORDER BY installed_rank DESC LIMIT 1), EXISTS (SELECT 1 FROM flyway_schema_history"
                + " WHERE success AND version = $1)").execute(Tuple.of(SCHEMA_VERSION))
                .ifNoItem().after(LIMIT).fail()
                .map(rows -> judge(rows.iterator().next()))
                .onFailure(PgFailures.hasCode(UNDEFINED_TABLE)).recoverWithItem(() -> behind(NOT_MIGRATED))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("error", failure.getClass().getSimpleName()).build());
    }

    private HealthCheckResponse judge(Row row) {
        String found = Objects.requireNonNullElse(row.getString(0), NOT_MIGRATED);
        if (!row.getBoolean(1)) {
            return behind(found);
        }
        if (!found.equals(lastSeen)) {
            LOG.infof("database schema at version %s (this build needs %s): ready", found, SCHEMA_VERSION);
            lastSeen = found;
        }
        return HealthCheckResponse.named(NAME).up().withData("schema", found).build();
    }

    private HealthCheckResponse behind(String found) {
        if (!found.equals(lastSeen)) {
            LOG.warnf("database schema is at version %s but this build needs %s: not ready until it is migrated"
                    + " (the executable with the argument `migrate` does it: in Kubernetes, the init container)",
                    found, SCHEMA_VERSION);
            lastSeen = found;
        }
        return HealthCheckResponse.named(NAME).down().withData("schema", found)
                .withData("needs", SCHEMA_VERSION).build();
    }
}
