package com.coursevideo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The manifests the build generates (target/kubernetes/kubernetes.yml), read into the Kubernetes
 * API's own model classes (fabric8): a field of the wrong type fails to read, and one the API does
 * not define (a typo such as {@code readOnlyRootFileSystem}) is caught as an unknown property.
 * Then the hardening the deployment relies on is checked on the typed objects.
 */
class KubernetesManifestsIT {

    /** The label the operator puts on the PostgreSQL and Redis pods. */
    private static final String BACKEND = "course-video-service/backend";
    private static GeneratedManifests manifests;
    private static List<HasMetadata> resources;

    @BeforeAll
    static void read() throws Exception {
        manifests = GeneratedManifests.read();
        resources = manifests.resources();
    }

    @Test
    void everyFieldIsOneTheKubernetesApiDefines() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata resource : resources) {
            collectUnknown(resource, resource.getKind() + "/" + resource.getMetadata().getName(), unknown);
        }
        assertEquals(List.of(), unknown);
        assertEquals(List.of("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "NetworkPolicy", "NetworkPolicy",
                "PodDisruptionBudget", "Service"),
                resources.stream().map(HasMetadata::getKind).sorted().toList());
    }

    @Test
    void podsRunHardened() {
        PodSpec pod = one(Deployment.class).getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals("kubernetes.io/hostname", pod.getTopologySpreadConstraints().get(0).getTopologyKey());
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "no service account token in the pods");
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
        assertEquals(Map.of("QUARKUS_DATASOURCE_USERNAME", "MIGRATION_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "MIGRATION_DATASOURCE_PASSWORD"), secrets(migrate),
                "of the secrets, the migration role's user name and password only");
        assertEquals("QUARKUS_DATASOURCE_PASSWORD", secrets(pod.getContainers().get(0)).get("QUARKUS_DATASOURCE_PASSWORD"),
                "the service connects as its own role, which cannot change the schema");
        assertTrue(!secrets(pod.getContainers().get(0)).containsValue("MIGRATION_DATASOURCE_PASSWORD"));
        assertHardened(migrate);
        assertEquals("false", one(ConfigMap.class).getData().get("VIDEO_MIGRATE_AT_START"),
                "the service itself leaves migrations to the init container");
    }

    @Test
    void postgresAndRedisAreReachedOverVerifiedTls() {
        Map<String, String> settings = one(ConfigMap.class).getData();
        String ca = "/etc/course-video-service/ca/";
        assertTrue(settings.get("QUARKUS_DATASOURCE_REACTIVE_URL").endsWith("?sslmode=verify-full"));
        assertEquals("true", settings.get("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM"));
        assertEquals(ca + "postgres-ca.crt", settings.get("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS"));
        assertEquals("HTTPS", settings.get("QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM"));
        assertTrue(settings.get("QUARKUS_DATASOURCE_JDBC_URL").endsWith("?sslmode=verify-full&sslrootcert=" + ca + "postgres-ca.crt"));
        assertEquals(ca + "redis-ca.crt", settings.get("QUARKUS_REDIS_TLS_TRUST_CERTIFICATE_PEM_CERTS"));
        assertEquals("HTTPS", settings.get("QUARKUS_REDIS_TLS_HOSTNAME_VERIFICATION_ALGORITHM"));
        // the Redis URL (rediss://, with the ACL user's password) is a secret
        assertTrue(!settings.containsKey("QUARKUS_REDIS_HOSTS"));
        PodSpec pod = one(Deployment.class).getSpec().getTemplate().getSpec();
        assertEquals("QUARKUS_REDIS_HOSTS", secrets(pod.getContainers().get(0)).get("QUARKUS_REDIS_HOSTS"));
        // and what Redis holds is signed with a key Redis never sees
        assertEquals("VIDEO_CACHE_SIGNING_KEY", secrets(pod.getContainers().get(0)).get("VIDEO_CACHE_SIGNING_KEY"));
        assertEquals("course-video-service-ca", pod.getVolumes().stream().filter(volume -> "ca".equals(volume.getName()))
                .findFirst().orElseThrow().getConfigMap().getName());
        for (Container container : List.of(pod.getContainers().get(0), pod.getInitContainers().get(0))) {
            assertTrue(container.getVolumeMounts().stream().anyMatch(mount -> "ca".equals(mount.getName())
                    && (ca.substring(0, ca.length() - 1)).equals(mount.getMountPath()) && Boolean.TRUE.equals(mount.getReadOnly())),
                    container.getName());
        }
    }

    /** The container's variables that come from the Secret, and the Secret's key for each. */
    private static Map<String, String> secrets(Container container) {
        return container.getEnv().stream()
                .filter(env -> env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null)
                .peek(env -> assertEquals("course-video-service", env.getValueFrom().getSecretKeyRef().getName()))
                .collect(Collectors.toMap(EnvVar::getName, env -> env.getValueFrom().getSecretKeyRef().getKey()));
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

        NetworkPolicy policy = named(NetworkPolicy.class, "course-video-service");
        assertTrue(pods.entrySet().containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet()));
        var api = policy.getSpec().getIngress().get(0);
        assertEquals(List.of(), api.getFrom(), "the API port from anywhere");
        assertEquals(8080, api.getPorts().get(0).getPort().getIntVal());
        var management = policy.getSpec().getIngress().get(1);
        assertEquals(9000, management.getPorts().get(0).getPort().getIntVal());
        assertEquals(Map.of("kubernetes.io/metadata.name", "monitoring"),
                management.getFrom().get(0).getNamespaceSelector().getMatchLabels());
    }

    @Test
    void theServiceReachesOnlyDnsItsBackendsAndPublicHttps() {
        NetworkPolicy policy = named(NetworkPolicy.class, "course-video-service");
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        assertEquals(List.of("53/UDP", "53/TCP", "5432/TCP", "6379/TCP", "443/TCP"), egress.stream()
                .flatMap(rule -> rule.getPorts().stream()).map(port -> port.getPort().getIntVal() + "/" + port.getProtocol()).toList());

        NetworkPolicyPeer dns = egress.get(0).getTo().get(0);
        assertEquals(Map.of("kubernetes.io/metadata.name", "kube-system"), dns.getNamespaceSelector().getMatchLabels());
        assertEquals(Map.of("k8s-app", "kube-dns"), dns.getPodSelector().getMatchLabels());
        assertEquals(List.of(Map.of(BACKEND, "postgres")), selected(egress.get(1)));
        assertEquals(List.of(Map.of(BACKEND, "redis")), selected(egress.get(2)));

        List<NetworkPolicyPeer> https = egress.get(3).getTo();
        assertEquals(List.of("0.0.0.0/0", "::/0"), https.stream().map(peer -> peer.getIpBlock().getCidr()).toList(),
                "address blocks only, no pod or namespace of the cluster");
        assertTrue(https.get(0).getIpBlock().getExcept().containsAll(
                List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "127.0.0.0/8")),
                "no private, link-local (cloud metadata) or loopback address");
        assertTrue(https.get(1).getIpBlock().getExcept().containsAll(List.of("fc00::/7", "fe80::/10", "::1/128")));
    }

    @Test
    void onlyTheServiceReachesPostgresAndRedis() {
        Map<String, String> pods = one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
        NetworkPolicy backends = named(NetworkPolicy.class, "course-video-service-backends");
        var selector = backends.getSpec().getPodSelector().getMatchExpressions().get(0);
        assertEquals(BACKEND, selector.getKey());
        assertEquals("In", selector.getOperator());
        assertEquals(List.of("postgres", "redis"), selector.getValues());
        assertEquals(List.of("Ingress"), backends.getSpec().getPolicyTypes());
        assertEquals(1, backends.getSpec().getIngress().size());
        var from = backends.getSpec().getIngress().get(0);
        assertEquals(1, from.getFrom().size());
        assertEquals(null, from.getFrom().get(0).getNamespaceSelector(), "pods of this namespace only");
        Map<String, String> allowed = from.getFrom().get(0).getPodSelector().getMatchLabels();
        assertTrue(!allowed.isEmpty() && pods.entrySet().containsAll(allowed.entrySet()), "the service's pods: " + allowed);
        assertEquals(List.of(5432, 6379), from.getPorts().stream().map(port -> port.getPort().getIntVal()).toList());
    }

    private static List<Map<String, String>> selected(NetworkPolicyEgressRule rule) {
        return rule.getTo().stream().peek(peer -> assertEquals(null, peer.getNamespaceSelector()))
                .map(peer -> peer.getPodSelector().getMatchLabels()).toList();
    }

    private static <T extends HasMetadata> T named(Class<T> kind, String name) {
        return manifests.named(kind, name);
    }

    private static <T extends HasMetadata> T one(Class<T> kind) {
        return manifests.one(kind);
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
