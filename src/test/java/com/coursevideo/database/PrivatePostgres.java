package com.coursevideo.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A PostgreSQL server of the test's own (initdb + pg_ctl from Debian's package, on a free port),
 * so that a test can stop and restart it without disturbing anything else. The application
 * under test is pointed at it; the test drives it through {@link #stop} and {@link #start}.
 */
public class PrivatePostgres implements QuarkusTestResourceLifecycleManager {

    /** Config keys through which the test finds this server. */
    public static final String DATA_DIR = "private-postgres.data-dir";
    public static final String PORT = "private-postgres.port";

    private Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("private-postgres");
            int port = freePort();
            if (isRoot()) {
                // PostgreSQL refuses to run as root
                run("chown", "postgres:postgres", dataDir.toString());
            }
            pg("initdb", "-D", dataDir.toString(), "-U", "postgres", "--auth=trust", "--no-sync");
            start(dataDir.toString(), port);
            String address = "127.0.0.1:" + port + "/coursevideo";
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://" + address,
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + address,
                    DATA_DIR, dataDir.toString(),
                    PORT, Integer.toString(port));
        } catch (IOException e) {
            throw new IllegalStateException("could not start a private PostgreSQL", e);
        }
    }

    @Override
    public void stop() {
        if (dataDir == null) {
            return;
        }
        try {
            pg("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "stop");
        } catch (IllegalStateException alreadyStopped) {
            // the test may have left it stopped
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    /** Starts the server and waits until it accepts connections. */
    public static void start(String dataDir, int port) {
        pg("pg_ctl", "-D", dataDir, "-l", dataDir + "/server.log", "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /** Stops the server at once, dropping every connection, as a crash or failover would. */
    public static void stop(String dataDir) {
        pg("pg_ctl", "-D", dataDir, "-m", "immediate", "-w", "stop");
    }

    private static void pg(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(binary(program));
        command.addAll(List.of(arguments));
        run(command.toArray(String[]::new));
    }

    private static String binary(String program) {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Path bin = versions.map(version -> version.resolve("bin").resolve(program))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("no " + program + " under /usr/lib/postgresql"));
            return bin.toString();
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL's server package is not installed", e);
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
