package com.coursevideo.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

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
    private static Result start(Map<String, String> extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (Boolean.getBoolean("native")) {
            command.add(System.getProperty("native.image.path"));
        } else {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", "target/quarkus-app/quarkus-run.jar"));
        }
        command.addAll(List.of("-Dquarkus.http.port=0", "-Dquarkus.management.port=0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path log = Files.createTempFile("production-startup", ".log");
        builder.redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("MP_JWT") || name.startsWith("QUARKUS_"));
        environment.put("QUARKUS_PROFILE", "prod");
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5432/coursevideo_test");
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/coursevideo_test");
        environment.put("VIDEO_SYNC_ENABLED", "false");
        environment.put("CLOUDFLARE_ACCOUNT_ID", "account");
        environment.put("CLOUDFLARE_API_TOKEN", "not-a-real-token");
        environment.put("CLOUDFLARE_API_BASE_URL", "http://127.0.0.1:9/client/v4");
        environment.put("CLOUDFLARE_STREAM_DELIVERY_BASE_URL", "https://customer-test.cloudflarestream.com");
        environment.put("CLOUDFLARE_WEBHOOK_SECRET", "secret");
        environment.putAll(extra);
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                if (output.contains("started in")) {
                    return new Result(-1, output);
                }
            }
            return new Result(-2, "neither started nor exited in 60 s: " + Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }
}
