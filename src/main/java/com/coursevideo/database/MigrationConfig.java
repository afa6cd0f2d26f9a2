package com.coursevideo.database;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the schema migration runs: in the serving process as it starts, or as a step of its own. */
@ConfigMapping(prefix = "video")
public interface MigrationConfig {

    /**
     * Migrate as the service starts ({@code VIDEO_MIGRATE_AT_START}). With {@code false} the
     * service opens no JDBC connection: it checks the schema version with one reactive query and
     * stays not ready until the {@code migrate} command has brought the schema to its version.
     */
    @WithDefault("true")
    boolean migrateAtStart();
}
