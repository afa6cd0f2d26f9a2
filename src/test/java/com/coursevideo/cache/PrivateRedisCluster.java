package com.coursevideo.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.coursevideo.Commands;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A three-node Redis Cluster (no replicas) on free loopback ports below 55000. */
public class PrivateRedisCluster implements QuarkusTestResourceLifecycleManager {

    private Path dir;
    private final List<Integer> ports = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("private-redis-cluster");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int node = 0; node < 3; node++) {
            int port = RedisProcess.freePort();
            RedisProcess.start(dir, port, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "5000");
            ports.add(port);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(port -> create.add("127.0.0.1:" + port));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Commands.output(create, 60);
        awaitClusterOk();
        return Map.of("quarkus.redis.client-type", "cluster",
                "quarkus.redis.hosts", ports.stream().map(port -> "redis://127.0.0.1:" + port)
                        .collect(Collectors.joining(",")));
    }

    private void awaitClusterOk() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (int port : ports) {
            while (!Commands.output(List.of("redis-cli", "-p", Integer.toString(port), "cluster", "info"), 60)
                    .contains("cluster_state:ok")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Redis cluster did not become ready");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
        }
    }

    @Override
    public void stop() {
        for (int port : ports) {
            try {
                RedisProcess.kill(dir, port);
            } catch (IllegalStateException alreadyGone) {
                // nothing to stop
            }
        }
    }
}
