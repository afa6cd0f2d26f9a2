package com.coursevideo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * docker/compose.yml (no Docker engine here to run it): the packaged image starts with production
 * settings unless told otherwise, and only the API is reachable from the network.
 */
class ComposeDefaultsTest {

    private static final JsonNode SERVICES = read().path("services");

    @Test
    void theServiceStartsInProductionByDefault() {
        assertEquals("${QUARKUS_PROFILE:-prod}", SERVICES.path("service").path("environment").path("QUARKUS_PROFILE").asText());
    }

    @Test
    void onlyTheApiIsPublishedBeyondTheLoopbackInterface() {
        List<String> published = new ArrayList<>();
        SERVICES.forEach(service -> service.path("ports").forEach(port -> published.add(port.asText())));
        assertEquals(List.of("8080:8080", "127.0.0.1:9000:9000"), published,
                "the management port (metrics, OpenAPI) on loopback only; PostgreSQL and Redis not at all");
    }

    @Test
    void theBackendsRequirePasswords() {
        String redisUrl = SERVICES.path("service").path("environment").path("QUARKUS_REDIS_HOSTS").asText();
        assertTrue(redisUrl.startsWith("redis://:${REDIS_PASSWORD:?"), redisUrl);
        assertTrue(SERVICES.path("postgres").path("environment").path("POSTGRES_PASSWORD").asText().startsWith("${POSTGRES_PASSWORD:?"));
    }

    private static JsonNode read() {
        try {
            return new YAMLMapper().readTree(Path.of("docker", "compose.yml").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
