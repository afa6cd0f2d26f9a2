package com.coursevideo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands the tests run (npm, node, the servers they start): what they print, or a failure with everything they said. */
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

    /**
     * What the command printed (standard output and error together); throws, with that, unless it
     * exits 0 within {@code seconds}. For the servers tests start (redis-server, pg_ctl).
     */
    public static String output(List<String> command, int seconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(seconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
