package com.coursevideo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The shipped ConfigMap (src/main/kubernetes/kubernetes.yml) and the service's own settings
 * ({@code video.*}, {@code cloudflare.*}, {@code events.*}, {@code progress.*}: the @ConfigMapping interfaces) stay one list: every key
 * it sets is a setting the service reads, and every setting with a default is in it, so an
 * operator sees each one there.
 */
@QuarkusTest
class ConfigMapSettingsTest {

    /** The service's own settings: what its @ConfigMapping interfaces read. */
    private static final List<String> PREFIXES = List.of("video", "cloudflare", "events", "progress");

    /** Settings left out of the ConfigMap on purpose: secrets (from the Secret), and dev or test only ones. */
    private static final Set<String> NOT_IN_CONFIG_MAP = Set.of("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_WEBHOOK_SECRET",
            "CLOUDFLARE_STREAM_SIGNING_KEY_ID", "CLOUDFLARE_STREAM_SIGNING_KEY_PEM", "VIDEO_CACHE_SIGNING_KEY");

    @Test
    void theConfigMapNamesEverySettingOfTheServiceAndNothingElse() throws Exception {
        Set<String> shipped = new TreeSet<>(configMap().keySet());
        shipped.removeIf(key -> PREFIXES.stream().noneMatch(prefix -> key.startsWith(prefix.toUpperCase() + "_")));
        Set<String> read = StreamSupport.stream(ConfigProvider.getConfig().getPropertyNames().spliterator(), false)
                .filter(name -> PREFIXES.stream().anyMatch(prefix -> name.startsWith(prefix + ".")))
                .map(name -> name.toUpperCase().replaceAll("[^A-Z0-9]", "_"))
                .filter(name -> !NOT_IN_CONFIG_MAP.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(List.of(), shipped.stream().filter(key -> !read.contains(key)).toList(),
                "ConfigMap keys the service does not read");
        assertEquals(List.of(), read.stream().filter(key -> !shipped.contains(key)).toList(),
                "settings missing from the ConfigMap");
    }

    private static Map<String, String> configMap() throws Exception {
        try (var yaml = Files.newInputStream(Path.of("src/main/kubernetes/kubernetes.yml"))) {
            @SuppressWarnings("unchecked")
            List<HasMetadata> resources = (List<HasMetadata>) new KubernetesSerialization().unmarshal(yaml);
            return resources.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).findFirst()
                    .orElseThrow().getData();
        }
    }
}
