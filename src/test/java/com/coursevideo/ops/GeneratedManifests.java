package com.coursevideo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The manifests the build generates (target/kubernetes/kubernetes.yml), read into fabric8's model classes. */
record GeneratedManifests(List<HasMetadata> resources) {

    private static final Path MANIFESTS = Path.of("target", "kubernetes", "kubernetes.yml");

    static GeneratedManifests read() throws IOException {
        assertTrue(Files.isReadable(MANIFESTS), "the build writes " + MANIFESTS);
        try (var yaml = Files.newInputStream(MANIFESTS)) {
            Object read = new KubernetesSerialization().unmarshal(yaml);
            return new GeneratedManifests(read instanceof KubernetesList list ? list.getItems() : castList(read));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> castList(Object read) {
        return read instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) read);
    }

    /** The one resource of that kind. */
    <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = resources.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertEquals(1, found.size(), kind.getSimpleName());
        return found.get(0);
    }

    /** The resource of that kind and name. */
    <T extends HasMetadata> T named(Class<T> kind, String name) {
        return resources.stream().filter(kind::isInstance).map(kind::cast)
                .filter(resource -> name.equals(resource.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }
}
