package com.coursevideo.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import com.coursevideo.PackagedService;
import com.coursevideo.database.TestDatabase;

/**
 * The packaged service (the jar, or the native executable with {@code -Dnative}) in the production
 * profile does not start without the settings that verify bearer tokens, and says which is missing.
 */
class ProductionStartupIT {

    @Test
    void refusesToStartWithoutAVerificationKey() throws Exception {
        Result result = start(Map.of("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER));
        assertTrue(result.exitCode != 0, "exits: " + result.output);
        assertTrue(result.output.contains("MP_JWT_VERIFY_PUBLICKEY"), result.output);
    }

    @Test
    void refusesToStartWithoutAnIssuer() throws Exception {
        Result result = start(Map.of("MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKeyPem()));
        assertTrue(result.exitCode != 0, "exits: " + result.output);
        assertTrue(result.output.contains("MP_JWT_VERIFY_ISSUER"), result.output);
    }

    @Test
    void startsWithBoth() throws Exception {
        Result result = start(Map.of("MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKeyPem(),
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER));
        assertEquals(-1, result.exitCode, "still running after start-up: " + result.output);
    }

    private record Result(int exitCode, String output) {
    }

    /** Starts the artifact with production settings plus {@code extra}; -1 when it was still running after it started. */
    private static Result start(Map<String, String> extra) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + TestDatabase.NAME,
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + TestDatabase.NAME,
                "VIDEO_SYNC_ENABLED", "false",
                "CLOUDFLARE_ACCOUNT_ID", "account",
                "CLOUDFLARE_API_TOKEN", "not-a-real-token",
                "CLOUDFLARE_API_BASE_URL", "http://127.0.0.1:9/client/v4",
                "CLOUDFLARE_STREAM_DELIVERY_BASE_URL", "https://customer-test.cloudflarestream.com",
                "CLOUDFLARE_WEBHOOK_SECRET", "secret"));
        environment.putAll(extra);
        try (PackagedService service = PackagedService.start(environment)) {
            if (service.awaitOutput("started in", Duration.ofSeconds(60))) {
                return new Result(-1, service.output());
            }
            OptionalInt exit = service.awaitExit(Duration.ZERO);
            return new Result(exit.orElse(-2), exit.isPresent() ? service.output()
                    : "neither started nor exited in 60 s: " + service.output());
        }
    }
}
