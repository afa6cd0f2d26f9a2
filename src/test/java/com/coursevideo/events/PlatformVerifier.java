package com.coursevideo.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import com.coursevideo.Commands;

import io.vertx.core.json.JsonObject;

/**
 * A course platform verifying a delivery with an off-the-shelf library: the {@code standardwebhooks}
 * npm package under the machine's Node ({@code src/test/webhooks}, its {@code package-lock.json} pins
 * the version), copied to {@code target/webhooks-verifier} and installed there with {@code npm ci}
 * the first time.
 */
final class PlatformVerifier {

    private static final Path SOURCE = Path.of("src/test/webhooks");
    private static final Path HOME = Path.of("target/webhooks-verifier");

    private PlatformVerifier() {
    }

    /** What {@code verify.mjs} says of the delivery: {@code {"verified": true, "payload"}} or {@code {"verified": false, "error"}}. */
    static JsonObject verify(String secret, Map<String, String> headers, String body) throws IOException, InterruptedException {
        installed();
        Path delivery = Files.createTempFile(HOME.toAbsolutePath(), "delivery", ".json");
        Files.writeString(delivery, new JsonObject().put("secret", secret).put("headers", new JsonObject(Map.copyOf(headers)))
                .put("body", body).encode());
        try {
            String out = Commands.run(List.of("node", "verify.mjs", delivery.toString()), HOME, 60);
            return new JsonObject(out.strip());
        } catch (AssertionError exitedNonZero) {
            return new JsonObject().put("verified", false).put("error", exitedNonZero.getMessage());
        } finally {
            Files.delete(delivery);
        }
    }

    private static synchronized void installed() throws IOException, InterruptedException {
        Files.createDirectories(HOME);
        for (String name : List.of("package.json", "package-lock.json", "verify.mjs")) {
            Files.copy(SOURCE.resolve(name), HOME.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(HOME.resolve("node_modules/standardwebhooks"))) {
            Commands.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), HOME, 300);
        }
    }
}
