package com.coursevideo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The product ships no test double: the jar (every archive of target/quarkus-app) and the native
 * executable hold no class of src/dev (the Cloudflare fake, dev tokens), which dev mode and the
 * tests use. In CI's native stage this runs against the executable.
 */
class ProductArtifactIT {

    private static final String DEV_PACKAGE = "com/coursevideo/dev/";

    @Test
    void theJarHoldsNoDevClass() throws IOException {
        List<String> found = new ArrayList<>();
        int application = 0;
        try (Stream<Path> archives = Files.walk(Path.of("target", "quarkus-app"))) {
            for (Path archive : archives.filter(path -> path.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(archive.toFile())) {
                    for (ZipEntry entry : Collections.list(zip.entries())) {
                        application += entry.getName().startsWith("com/coursevideo/") ? 1 : 0;
                        if (entry.getName().startsWith(DEV_PACKAGE) || entry.getName().contains("StreamFake")) {
                            found.add(archive.getFileName() + "!" + entry.getName());
                        }
                    }
                }
            }
        }
        assertTrue(application > 100, "the archives were read: " + application + " application classes");
        assertEquals(List.of(), found);
    }

    /** Runs where there is an executable: CI's native stage ({@code -Dnative}). */
    @Test
    @EnabledIfSystemProperty(named = "native", matches = "true")
    void theNativeExecutableHoldsNoDevClass() throws IOException {
        byte[] executable = Files.readAllBytes(Path.of(System.getProperty("native.image.path")));
        // the image names the classes it holds: a class of the product is found, none of src/dev is
        assertTrue(contains(executable, "com.coursevideo.cloudflare.CloudflareStream"), "the scan sees class names");
        assertFalse(contains(executable, "com.coursevideo.dev."), "a src/dev class in the executable");
        assertFalse(contains(executable, "StreamFake"), "the Cloudflare fake in the executable");
    }

    private static boolean contains(byte[] haystack, String text) {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
