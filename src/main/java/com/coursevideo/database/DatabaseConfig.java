package com.coursevideo.database;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the service prepares its database at start-up. */
@ConfigMapping(prefix = "video.database")
public interface DatabaseConfig {

    /**
     * Create the database named in {@code quarkus.datasource.jdbc.url} when the server does not
     * have it yet (connecting to the server's {@code postgres} database to do so). Harmless when
     * it exists; turn it off where the service's user may not create databases.
     */
    @WithDefault("true")
    boolean createIfMissing();

    /** The database to connect to when creating the service's own. */
    @WithDefault("postgres")
    String maintenanceDatabase();
}
