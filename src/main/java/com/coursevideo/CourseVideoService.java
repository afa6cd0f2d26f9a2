package com.coursevideo;

import com.coursevideo.database.MigrateCommand;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The executable. Without arguments it serves the API; with the single argument {@code migrate}
 * it brings the database schema up to date and exits (0 when it is), serving nothing.
 */
@QuarkusMain
public class CourseVideoService {

    public static void main(String... args) {
        if (MigrateCommand.requested(args)) {
            MigrateCommand.configure();
            Quarkus.run(MigrateCommand.class, args);
        } else {
            Quarkus.run(args);
        }
    }
}
