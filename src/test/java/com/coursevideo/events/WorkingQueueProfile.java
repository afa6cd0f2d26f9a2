package com.coursevideo.events;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The work queue polling on its own, every second, as in production (the other tests run its rounds
 * themselves): what a packaged service, which a test cannot reach into, needs to deliver events.
 */
public class WorkingQueueProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("video.work.poll-interval", "1S");
    }
}
