package com.coursevideo.cache;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every cache test once more against a three-node Redis Cluster: no command may answer CROSSSLOT. */
@QuarkusTest
@TestProfile(RedisClusterProfile.class)
class ClusterCacheTest extends CacheTest {
}
