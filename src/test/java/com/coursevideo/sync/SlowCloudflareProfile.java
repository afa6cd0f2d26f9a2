package com.coursevideo.sync;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Cloudflare answering in 300 ms, so that a sync round is still under way when the test acts. */
public class SlowCloudflareProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cloudflare.fake.latency", "300MS", "video.sync.concurrency", "4");
    }
}
