package com.coursevideo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA and a server certificate for 127.0.0.1 signed by it (openssl), for the backends a test runs
 * with TLS: the service verifies the server against the CA, host name included.
 */
public record TestCertificates(Path ca, Path certificate, Path key) {

    /** Writes {@code server.crt} and {@code server.key} into {@code serverDir}, the CA certificate to {@code ca}. */
    public static TestCertificates forLoopback(Path serverDir, Path ca) throws IOException {
        return forName(serverDir, ca, "127.0.0.1", "IP:127.0.0.1");
    }

    /** {@link #forLoopback}, the server certificate for {@code commonName} with the subject alternative name {@code san}. */
    public static TestCertificates forName(Path serverDir, Path ca, String commonName, String san) throws IOException {
        Path caKey = ca.resolveSibling(ca.getFileName() + ".key");
        Path key = serverDir.resolve("server.key");
        Path request = serverDir.resolve("server.csr");
        Path extensions = serverDir.resolve("server.ext");
        Path certificate = serverDir.resolve("server.crt");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test CA",
                "-keyout", caKey.toString(), "-out", ca.toString());
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + commonName,
                "-keyout", key.toString(), "-out", request.toString());
        Files.writeString(extensions, "subjectAltName=" + san + "\n");
        openssl("x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", extensions.toString(), "-out", certificate.toString());
        return new TestCertificates(ca, certificate, key);
    }

    private static void openssl(String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
