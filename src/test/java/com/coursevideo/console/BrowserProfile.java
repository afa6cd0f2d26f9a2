package com.coursevideo.console;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The browser tests' service: the course platform's origin may call it (the player runs there),
 * and signed playback tokens live 10 s (so the player's renewal shows within a test).
 */
public class BrowserProfile implements QuarkusTestProfile {

    /** The course platform's pages in the tests: a server of the player's test on a free port of this machine. */
    static final String PLATFORM = "/http://127\\.0\\.0\\.1:[0-9]+/";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.cors.enabled", "true",
                "quarkus.http.cors.origins", PLATFORM,
                "cloudflare.signed-url-ttl", "10S");
    }
}
