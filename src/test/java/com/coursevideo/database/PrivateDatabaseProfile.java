package com.coursevideo.database;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Runs the application against a {@link PrivatePostgres} that the test may stop and start. */
public class PrivateDatabaseProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivatePostgres.class));
    }
}
