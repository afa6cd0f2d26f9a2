package com.coursevideo.console;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The browser tests' service: the course platform's origin may call it (the player runs there),
 * signed playback tokens live 10 s (so the player's renewal shows within a test), and the
 * Cloudflare fake delivers the stream {@link Browser} made.
 */
public class BrowserProfile implements QuarkusTestProfile {

    static final String PLATFORM = "http://platform.localhost";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.cors.enabled", "true",
                "quarkus.http.cors.origins", PLATFORM,
                "cloudflare.signed-url-ttl", "10S",
                "cloudflare.fake.media-dir", Browser.MEDIA.toString());
    }
}
