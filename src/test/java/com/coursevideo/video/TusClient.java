package com.coursevideo.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import com.coursevideo.Commands;

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
        String out = Commands.run(List.of("node", "upload.mjs", endpoint, token, file.toAbsolutePath().toString(), lessonId,
                title), HOME, 120);
        return new JsonObject(out.strip().lines().reduce((first, last) -> last).orElseThrow());
    }

    private static synchronized void installed() throws IOException, InterruptedException {
        Files.createDirectories(HOME);
        for (String name : List.of("package.json", "package-lock.json", "upload.mjs")) {
            Files.copy(SOURCE.resolve(name), HOME.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(HOME.resolve("node_modules/tus-js-client"))) {
            Commands.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), HOME, 300);
        }
    }
}
