package com.coursevideo.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * tus-js-client, the tus client browsers use, run with the machine's Node: {@code src/test/tus}
 * (its {@code package-lock.json} pins the version) is copied to {@code target/tus-client} and
 * installed there from the npm registry the first time.
 */
final class TusClient {

    private static final Path SOURCE = Path.of("src/test/tus");
    private static final Path HOME = Path.of("target/tus-client");

    private TusClient() {
    }

    /** Runs {@code upload.mjs}: an upload interrupted half-way, then resumed; its JSON report. */
    static JsonObject uploadInterrupted(String endpoint, String token, Path file, String lessonId, String title)
            throws IOException, InterruptedException {
        installed();
        String out = run(List.of("node", "upload.mjs", endpoint, token, file.toAbsolutePath().toString(), lessonId, title),
                120);
        return new JsonObject(out.strip().lines().reduce((first, last) -> last).orElseThrow());
    }

    private static synchronized void installed() throws IOException, InterruptedException {
        Files.createDirectories(HOME);
        for (String name : List.of("package.json", "package-lock.json", "upload.mjs")) {
            Files.copy(SOURCE.resolve(name), HOME.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(HOME.resolve("node_modules/tus-js-client"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
        }
    }

    /** The command's standard output; fails the test, with what it printed, unless it exits 0 in time. */
    private static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("tus-client", ".log");
        Process process = new ProcessBuilder(command).directory(HOME.toFile())
                .redirectError(log.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String errors = Files.readString(log);
        Files.delete(log);
        assertEquals(0, ended ? process.exitValue() : -1, String.join(" ", command) + " failed:\n" + errors
                + new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
