package com.coursevideo.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.coursevideo.Commands;

import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

/**
 * Runs the browser scenarios of src/test/browser with the machine's Node: playwright-core driving
 * Debian's chromium (both installed the first time: the npm packages by {@code npm ci} from the
 * committed lock into target/browser-tests, chromium and ffmpeg by .ci/browser-tools when
 * missing), against the service under test and the Cloudflare fake's delivery of a real HLS
 * stream (made by make-media.sh into target/fake-media).
 */
final class Browser {

    private static final Path SOURCE = Path.of("src/test/browser");
    private static final Path HOME = Path.of("target/browser-tests");
    private static final Path MEDIA = com.coursevideo.cloudflare.CloudflareFake.MEDIA;
    /** Where the audit's screenshots go: {@code -Dconsole.screenshots=docs/screenshots} refreshes the docs' pictures. */
    static final Path SCREENSHOTS = Path.of(System.getProperty("console.screenshots", "target/screenshots")).toAbsolutePath();

    private Browser() {
    }

    /** The service under test, as a browser reaches it. */
    static String base() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    /** Runs {@code node <script> [scenario] <input>}; its JSON result (the last line it printed). */
    static JsonObject run(String script, String scenario, JsonObject input) throws IOException, InterruptedException {
        installed();
        Path file = Files.createTempFile("browser-input", ".json");
        try {
            Files.writeString(file, input.put("base", base()).put("screenshots", SCREENSHOTS.toString()).encode());
            List<String> command = new ArrayList<>(List.of("node", script));
            if (scenario != null) {
                command.add(scenario);
            }
            command.add(file.toString());
            String out = Commands.run(command, HOME, 300);
            return new JsonObject(out.strip().lines().reduce((first, last) -> last).orElseThrow());
        } finally {
            Files.delete(file);
        }
    }

    private static synchronized void installed() throws IOException, InterruptedException {
        Files.createDirectories(HOME);
        Files.createDirectories(SCREENSHOTS);
        try (var files = Files.list(SOURCE)) {
            for (Path file : files.toList()) {
                Files.copy(file, HOME.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // installed again when the committed lock changed (the stamp is the lock the last install used)
        Path stamp = HOME.resolve("node_modules/.installed-lock");
        byte[] lock = Files.readAllBytes(HOME.resolve("package-lock.json"));
        if (!Files.exists(stamp) || !Arrays.equals(lock, Files.readAllBytes(stamp))) {
            Commands.run(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"), HOME, 300);
            Files.write(stamp, lock);
        }
        Commands.run(List.of("bash", Path.of(".ci/browser-tools").toAbsolutePath().toString()), HOME, 600);
        Commands.run(List.of("bash", "make-media.sh", MEDIA.toString()), HOME, 120);
    }
}
