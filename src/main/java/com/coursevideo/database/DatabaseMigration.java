package com.coursevideo.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Provider;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.StartupEvent;

/**
 * Brings the database up to date: creates it when missing, then applies the Flyway migrations.
 * Runs on the main thread, as the service starts ({@code VIDEO_MIGRATE_AT_START=true}) or as the
 * {@link MigrateCommand}; Flyway's PostgreSQL lock makes two instances migrating at once take turns.
 * It uses the JDBC datasource {@code migration}, which is active only in a process that migrates.
 */
@ApplicationScoped
public class DatabaseMigration {

    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class);
    static final String DATASOURCE = "migration";

    /** {@code jdbc:postgresql://host:port/} + database name + optional {@code ?params}. */
    private static final Pattern JDBC_URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?/]+)(\\?.*)?");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String INVALID_CATALOG_NAME = "3D000";
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Provider<Flyway> flyway;
    private final DatabaseConfig config;
    private final boolean atStart;
    private final String jdbcUrl;
    private final Properties credentials = new Properties();
    private volatile boolean done;

    DatabaseMigration(@FlywayDataSource(DATASOURCE) Provider<Flyway> flyway, DatabaseConfig config,
            MigrationConfig migration,
            @ConfigProperty(name = "quarkus.datasource." + DATASOURCE + ".jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource." + DATASOURCE + ".username") String username,
            @ConfigProperty(name = "quarkus.datasource." + DATASOURCE + ".password") Optional<String> password) {
        this.flyway = flyway;
        this.config = config;
        this.atStart = migration.migrateAtStart();
        this.jdbcUrl = jdbcUrl;
        credentials.setProperty("user", username);
        password.ifPresent(secret -> credentials.setProperty("password", secret));
    }

    void atStart(@Observes @Priority(1) StartupEvent start) throws SQLException {
        if (atStart) {
            migrate();
        }
    }

    /** Creates the database if needed and migrates it; throws when that fails. */
    void migrate() throws SQLException {
        if (config.createIfMissing()) {
            createDatabaseIfMissing();
        }
        var result = flyway.get().migrate();
        done = true;
        LOG.infof("database schema up to date at version %s (%d migrations applied now)",
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /** Whether start-up is over as far as the schema goes: migrated here, or left to the migrate command. */
    boolean startedUp() {
        return done || !atStart;
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection ignored = DriverManager.getConnection(jdbcUrl, credentials)) {
            return;
        } catch (SQLException e) {
            if (!INVALID_CATALOG_NAME.equals(e.getSQLState())) {
                throw e;
            }
        }
        Matcher url = JDBC_URL.matcher(jdbcUrl);
        if (!url.matches() || !PLAIN_NAME.matcher(url.group(2)).matches()) {
            throw new IllegalStateException("cannot create the database named in quarkus.datasource.jdbc.url:"
                    + " name it with letters, digits and underscores, or create it by hand");
        }
        String database = url.group(2);
        String maintenanceUrl = url.group(1) + config.maintenanceDatabase() + (url.group(3) == null ? "" : url.group(3));
        try (Connection server = DriverManager.getConnection(maintenanceUrl, credentials);
                var statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
            LOG.infof("created database %s", database);
        } catch (SQLException e) {
            // another instance created it first
            if (!DUPLICATE_DATABASE.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }
}
