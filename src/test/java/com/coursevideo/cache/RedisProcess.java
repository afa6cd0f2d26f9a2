package com.coursevideo.cache;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import com.coursevideo.Commands;

/**
 * A redis-server of a test's own, in a directory of its own, driven by its pid file: started,
 * killed, frozen and thawed without touching the machine's Redis.
 */
public final class RedisProcess {

    private RedisProcess() {
    }

    /** Starts a server on {@code port} with its files in {@code dir}/{@code port} and waits for PONG. */
    public static void start(Path dir, int port, String... options) {
        Path home = dir.resolve(Integer.toString(port));
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes",
                "--dir", home.toString(), "--pidfile", home.resolve("redis.pid").toString(),
                "--logfile", home.resolve("redis.log").toString()));
        command.addAll(List.of(options));
        Commands.output(command, 60);
        awaitTrue("redis-server on " + port + " answers", () -> answers(port));
    }

    /** Kills the server as a crash would: no shutdown, nothing saved. */
    public static void kill(Path dir, int port) {
        signal(dir, port, "KILL");
        awaitTrue("redis-server on " + port + " is gone", () -> !answers(port));
    }

    /** STOP freezes the server with its data; CONT thaws it. */
    public static void signal(Path dir, int port, String signal) {
        try {
            String pid = Files.readString(dir.resolve(Integer.toString(port)).resolve("redis.pid")).strip();
            Commands.output(List.of("kill", "-" + signal, pid), 60);
        } catch (IOException e) {
            throw new IllegalStateException("no pid file for redis-server on " + port, e);
        }
    }


    /** PONG, or the refusal of a server that wants a password: either way a server is there. */
    private static boolean answers(int port) {
        String answer = tryRun(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "ping"));
        return answer.contains("PONG") || answer.contains("NOAUTH");
    }

    private static String tryRun(List<String> command) {
        try {
            return Commands.output(command, 60);
        } catch (IllegalStateException e) {
            return "";
        }
    }

    /** A free loopback port below 55000 whose cluster bus port (+10000) is free too. */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20000 + (int) (Math.random() * 24000);
            if (isFree(port) && isFree(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair below 55000");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not within 30 s: " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
