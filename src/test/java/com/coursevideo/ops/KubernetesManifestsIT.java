package com.coursevideo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The manifests the build generates (target/kubernetes/kubernetes.yml), read into the Kubernetes
 * API's own model classes (fabric8): a field of the wrong type fails to read, and one the API does
 * not define (a typo such as {@code readOnlyRootFileSystem}) is caught as an unknown property.
 * Then the hardening the deployment relies on is checked on the typed objects.
 */
class KubernetesManifestsIT {

    private static final Path MANIFESTS = Path.of("target", "kubernetes", "kubernetes.yml");
    private static List<HasMetadata> resources;

    @BeforeAll
    static void read() throws Exception {
        assertTrue(Files.isReadable(MANIFESTS), "the build writes " + MANIFESTS);
        try (var yaml = Files.newInputStream(MANIFESTS)) {
            Object read = new KubernetesSerialization().unmarshal(yaml);
            resources = read instanceof KubernetesList list ? list.getItems() : castList(read);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> castList(Object read) {
        return read instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) read);
    }

    @Test
    void everyFieldIsOneTheKubernetesApiDefines() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata resource : resources) {
            collectUnknown(resource, resource.getKind() + "/" + resource.getMetadata().getName(), unknown);
        }
        assertEquals(List.of(), unknown);
        assertEquals(List.of("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "NetworkPolicy", "PodDisruptionBudget", "Service"),
                resources.stream().map(HasMetadata::getKind).sorted().toList());
    }

    @Test
    void podsRunHardened() {
        PodSpec pod = one(Deployment.class).getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals("kubernetes.io/hostname", pod.getTopologySpreadConstraints().get(0).getTopologyKey());
        assertEquals(1, pod.getContainers().size());
        Container container = pod.getContainers().get(0);
        assertHardened(container);
        // probes on the management port, which the NetworkPolicy keeps to the monitoring namespace
        assertEquals(9000, container.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(9000, container.getLivenessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(9000, container.getStartupProbe().getHttpGet().getPort().getIntVal());
    }

    @Test
    void anInitContainerMigratesBeforeTheServiceStarts() {
        PodSpec pod = one(Deployment.class).getSpec().getTemplate().getSpec();
        assertEquals(1, pod.getInitContainers().size());
        Container migrate = pod.getInitContainers().get(0);
        assertEquals(List.of("migrate"), migrate.getArgs());
        assertEquals(pod.getContainers().get(0).getImage(), migrate.getImage(), "the service's own image");
        assertEquals("course-video-service", migrate.getEnvFrom().get(0).getConfigMapRef().getName());
        assertEquals(List.of("QUARKUS_DATASOURCE_PASSWORD"), migrate.getEnv().stream().map(env -> env.getName()).toList(),
                "of the secrets, the database password only");
        assertHardened(migrate);
        assertEquals("false", one(ConfigMap.class).getData().get("VIDEO_MIGRATE_AT_START"),
                "the service itself leaves migrations to the init container");
    }

    @Test
    void tokensMustBeForThisService() {
        Map<String, String> settings = one(ConfigMap.class).getData();
        assertTrue(!settings.getOrDefault("MP_JWT_VERIFY_AUDIENCES", "").isBlank(),
                "an empty audience would make smallrye-jwt accept tokens issued for any API");
        assertTrue(!"true".equalsIgnoreCase(settings.get("VIDEO_ACCEPT_ANY_AUDIENCE")));
    }

    private static void assertHardened(Container container) {
        var security = container.getSecurityContext();
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), container.getName());
        assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), container.getName());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), container.getName());
        assertEquals("RuntimeDefault", security.getSeccompProfile().getType(), container.getName());
        assertEquals("/tmp", container.getVolumeMounts().get(0).getMountPath(), container.getName());
    }

    @Test
    void disruptionsScalingAndTrafficAreBounded() {
        Map<String, String> pods = one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
        PodDisruptionBudget budget = one(PodDisruptionBudget.class);
        assertEquals(1, budget.getSpec().getMinAvailable().getIntVal());
        assertTrue(pods.entrySet().containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()),
                "the budget selects the Deployment's pods");

        HorizontalPodAutoscaler autoscaler = one(HorizontalPodAutoscaler.class);
        assertEquals("course-video-service", autoscaler.getSpec().getScaleTargetRef().getName());
        assertEquals("cpu", autoscaler.getSpec().getMetrics().get(0).getResource().getName());
        assertTrue(autoscaler.getSpec().getMinReplicas() >= 2);

        NetworkPolicy policy = one(NetworkPolicy.class);
        assertTrue(pods.entrySet().containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet()));
        var api = policy.getSpec().getIngress().get(0);
        assertEquals(List.of(), api.getFrom(), "the API port from anywhere");
        assertEquals(8080, api.getPorts().get(0).getPort().getIntVal());
        var management = policy.getSpec().getIngress().get(1);
        assertEquals(9000, management.getPorts().get(0).getPort().getIntVal());
        assertEquals(Map.of("kubernetes.io/metadata.name", "monitoring"),
                management.getFrom().get(0).getNamespaceSelector().getMatchLabels());
    }

    private static <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = resources.stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
        assertEquals(1, found.size(), kind.getSimpleName());
        return found.get(0);
    }

    /** Walks the model objects; what the API does not define lands in their additionalProperties. */
    private static void collectUnknown(Object node, String path, List<String> unknown) throws Exception {
        if (node == null || !node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (PropertyDescriptor property : Introspector.getBeanInfo(node.getClass(), Object.class).getPropertyDescriptors()) {
            Method getter = property.getReadMethod();
            if (getter == null) {
                continue;
            }
            Object value = getter.invoke(node);
            if ("additionalProperties".equals(property.getName())) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else if (value instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    collectUnknown(item, path + "." + property.getName() + "[" + i++ + "]", unknown);
                }
            } else if (value instanceof Map<?, ?> entries) {
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    collectUnknown(entry.getValue(), path + "." + property.getName() + "." + entry.getKey(), unknown);
                }
            } else {
                collectUnknown(value, path + "." + property.getName(), unknown);
            }
        }
    }
}
