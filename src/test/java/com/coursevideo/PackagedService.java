package com.coursevideo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged service (the jar, or with {@code -Dnative} the native executable) run as a process
 * of its own, with an environment of the test's choosing: production profile and no QUARKUS_* or
 * MP_JWT_* variables inherited, on ports the system picks.
 */
public final class PackagedService implements AutoCloseable {

    private static final Pattern API_PORT = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final Pattern MANAGEMENT_PORT = Pattern.compile("Management interface listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final Path log;

    private PackagedService(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the artifact with {@code environment} and the command-line {@code arguments}. */
    public static PackagedService start(Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        if (Boolean.getBoolean("native")) {
            command.add(System.getProperty("native.image.path"));
        } else {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", "target/quarkus-app/quarkus-run.jar"));
        }
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path log = Files.createTempFile("packaged-service", ".log");
        builder.redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("MP_JWT") || name.startsWith("QUARKUS_")
                || name.startsWith("VIDEO_") || name.startsWith("CLOUDFLARE_"));
        env.put("QUARKUS_PROFILE", "prod");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_MANAGEMENT_PORT", "0");
        env.putAll(environment);
        return new PackagedService(builder.start(), log);
    }

    /**
     * Cloudflare settings a production start accepts, the API on a closed port: for a service that
     * is not meant to call Cloudflare.
     */
    public static Map<String, String> unreachableCloudflare() {
        return Map.of("CLOUDFLARE_ACCOUNT_ID", "account",
                "CLOUDFLARE_API_TOKEN", "not-a-real-token",
                "CLOUDFLARE_API_BASE_URL", "http://127.0.0.1:9/client/v4",
                "CLOUDFLARE_STREAM_DELIVERY_BASE_URL", "https://customer-test.cloudflarestream.com",
                "CLOUDFLARE_WEBHOOK_SECRET", "secret");
    }

    /** Everything the process has written so far. */
    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits until the output holds {@code text}; false when the process exited or time ran out first. */
    public boolean awaitOutput(String text, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return true;
            }
            if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                return output().contains(text);
            }
        }
        return false;
    }

    /** The exit code, or empty when the process is still running after {@code limit}. */
    public OptionalInt awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    /** The port the started service answers the API on. */
    public int apiPort() throws IOException {
        return port(API_PORT);
    }

    /** The management port the started service listens on (health, metrics). */
    public int managementPort() throws IOException {
        return port(MANAGEMENT_PORT);
    }

    private int port(Pattern announcement) throws IOException {
        Matcher port = announcement.matcher(output());
        if (!port.find()) {
            throw new IllegalStateException("no " + announcement + " in the output: " + output());
        }
        return Integer.parseInt(port.group(1));
    }

    /** A graceful stop (SIGTERM, as Kubernetes sends): its exit code, or empty when it still runs after {@code limit}. */
    public OptionalInt stop(Duration limit) throws InterruptedException {
        process.destroy();
        return awaitExit(limit);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
