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
 * profile, or any profile but dev and test, does not start without the settings that verify bearer
 * tokens and tie them to this service, and says which is missing.
 */
class ProductionStartupIT {

    /** Everything token verification needs. */
    private static final Map<String, String> VERIFIABLE = Map.of("MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKeyPem(),
            "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER, "MP_JWT_VERIFY_AUDIENCES", TestTokens.AUDIENCE);

    @Test
    void refusesToStartWithoutAVerificationKey() throws Exception {
        Result result = start(Map.of("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER, "MP_JWT_VERIFY_AUDIENCES", TestTokens.AUDIENCE));
        assertRefused(result, "MP_JWT_VERIFY_PUBLICKEY");
    }

    @Test
    void refusesToStartWithoutAnIssuer() throws Exception {
        Result result = start(Map.of("MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKeyPem(),
                "MP_JWT_VERIFY_AUDIENCES", TestTokens.AUDIENCE));
        assertRefused(result, "MP_JWT_VERIFY_ISSUER");
    }

    @Test
    void refusesToStartWithoutAnAudience() throws Exception {
        Result result = start(Map.of("MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKeyPem(),
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER));
        assertRefused(result, "MP_JWT_VERIFY_AUDIENCES");
    }

    @Test
    void startsWithoutAnAudienceOnlyWhenAnyIsAcceptedExplicitly() throws Exception {
        Result result = start(Map.of("MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKeyPem(),
                "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER, "VIDEO_ACCEPT_ANY_AUDIENCE", "true"));
        assertEquals(-1, result.exitCode, "still running after start-up: " + result.output);
        assertTrue(result.output.contains("tokens the platform issued for any audience are accepted"), result.output);
    }

    @Test
    void startsWithKeyIssuerAndAudience() throws Exception {
        Result result = start(VERIFIABLE);
        assertEquals(-1, result.exitCode, "still running after start-up: " + result.output);
    }

    /** A profile of the operator's own is production too: only dev and test are exempt. */
    @Test
    void aCustomProfileIsCheckedLikeProd() throws Exception {
        Result result = start(Map.of("QUARKUS_PROFILE", "staging", "MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER,
                "MP_JWT_VERIFY_AUDIENCES", TestTokens.AUDIENCE));
        assertRefused(result, "MP_JWT_VERIFY_PUBLICKEY");
    }

    /** ... and gets no local Cloudflare fake in place of missing credentials. */
    @Test
    void aCustomProfileNeedsRealCloudflareCredentials() throws Exception {
        Map<String, String> environment = new HashMap<>(VERIFIABLE);
        environment.putAll(Map.of("QUARKUS_PROFILE", "staging", "CLOUDFLARE_FAKE_ENABLED", "true", "CLOUDFLARE_API_TOKEN", ""));
        Result result = start(environment);
        assertRefused(result, "CLOUDFLARE_API_TOKEN");
    }

    private record Result(int exitCode, String output) {
    }

    /** Exited with an error (not still running: -1) whose output names {@code variable}. */
    private static void assertRefused(Result result, String variable) {
        assertTrue(result.exitCode > 0, "exits with an error: " + result.output);
        assertTrue(result.output.contains(variable), result.output);
    }

    /** Starts the artifact with production settings plus {@code extra}; -1 when it was still running after it started. */
    private static Result start(Map<String, String> extra) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + TestDatabase.NAME,
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + TestDatabase.NAME));
        environment.putAll(PackagedService.unreachableCloudflare());
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
