package com.coursevideo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands the tests run (npm, node): what they print, or a failed test with everything they said. */
public final class Commands {

    private Commands() {
    }

    /** The command's standard output; fails the test, with what it printed, unless it exits 0 within {@code seconds}. */
    public static String run(List<String> command, Path directory, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("command", ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectError(log.toFile()).start();
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
