package com.coursevideo.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.coursevideo.Commands;
import com.coursevideo.TestCertificates;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A PostgreSQL server of the test's own (initdb + pg_ctl from Debian's package, on a free port),
 * so that a test can stop and restart it without disturbing anything else. The application
 * under test is pointed at it; the test drives it through {@link #stop} and {@link #start}.
 * With the init argument {@code tls=true} it accepts TLS connections only, with a certificate for
 * 127.0.0.1 signed by a CA this resource makes, and the service verifies it ({@code verify-full}).
 */
public class PrivatePostgres implements QuarkusTestResourceLifecycleManager {

    /** Config keys through which the test finds this server. */
    public static final String DATA_DIR = "private-postgres.data-dir";
    public static final String PORT = "private-postgres.port";

    /** Init argument: TLS only, verified by the service. */
    public static final String TLS = "tls";

    private Path dataDir;
    private boolean tls;

    @Override
    public void init(Map<String, String> initArgs) {
        tls = Boolean.parseBoolean(initArgs.getOrDefault(TLS, "false"));
    }

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("private-postgres");
            int port = freePort();
            if (isRoot()) {
                // PostgreSQL refuses to run as root
                Commands.output(List.of("chown", "postgres:postgres", dataDir.toString()), 90);
            }
            pg("initdb", "-D", dataDir.toString(), "-U", "postgres", "--auth=trust", "--no-sync");
            Map<String, String> config = new java.util.HashMap<>();
            String address = "127.0.0.1:" + port + "/coursevideo";
            config.put("quarkus.datasource.reactive.url", "postgresql://" + address);
            config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + address);
            if (tls) {
                Path ca = tlsOnly(dataDir);
                config.put("quarkus.datasource.reactive.url", "postgresql://" + address + "?sslmode=verify-full");
                config.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
                config.put("quarkus.datasource.reactive.trust-certificate-pem.certs", ca.toString());
                config.put("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
                config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + address + "?sslmode=verify-full&sslrootcert=" + ca);
            }
            start(dataDir.toString(), port);
            config.put(DATA_DIR, dataDir.toString());
            config.put(PORT, Integer.toString(port));
            return config;
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

    /**
     * A CA and a server certificate for 127.0.0.1 signed by it (openssl), TLS on, and pg_hba.conf
     * rejecting every connection without TLS; returns the CA certificate for the client to trust.
     */
    private static Path tlsOnly(Path dataDir) throws IOException {
        Path ca = TestCertificates.forLoopback(dataDir, dataDir.getParent().resolve(dataDir.getFileName() + "-ca.crt")).ca();
        Files.writeString(dataDir.resolve("postgresql.conf"), "\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n",
                java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(dataDir.resolve("pg_hba.conf"), "local all all trust\n"
                + "hostssl all all 127.0.0.1/32 trust\n"
                + "hostnossl all all 0.0.0.0/0 reject\n");
        if (isRoot()) {
            Commands.output(List.of("chown", "-R", "postgres:postgres", dataDir.toString()), 90);
        }
        Commands.output(List.of("chmod", "600", dataDir.resolve("server.key").toString()), 90);
        return ca;
    }

    /** Runs SQL in the server's {@code coursevideo} database over its Unix socket; returns psql's unaligned output. */
    public static String query(String dataDir, int port, String sql) {
        return psql(dataDir, port, "-d", "coursevideo", "-qAt", "-c", sql).strip();
    }

    /** Runs psql as the superuser over the server's Unix socket with {@code arguments}; returns its output. */
    public static String psql(String dataDir, int port, String... arguments) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(binary("psql"), "-h", dataDir, "-p", Integer.toString(port), "-U", "postgres"));
        command.addAll(List.of(arguments));
        return Commands.output(command, 90);
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
        Commands.output(command, 90);
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


    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
