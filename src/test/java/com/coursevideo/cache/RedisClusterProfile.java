package com.coursevideo.cache;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

public class RedisClusterProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivateRedisCluster.class));
    }
}
