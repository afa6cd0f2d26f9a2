package com.coursevideo.ops;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.coursevideo.Commands;
import com.coursevideo.TestData;
import com.coursevideo.cache.PrivateRedis;
import com.coursevideo.database.PrivatePostgres;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The service against a Redis that requires a password ({@code redis://:secret@…}) and a
 * PostgreSQL that takes TLS connections only, its certificate verified ({@code sslmode=verify-full}
 * against a CA the test makes): every request works, the cache is really used, and every
 * connection the service holds to PostgreSQL is encrypted.
 */
@QuarkusTest
@TestProfile(SecuredBackendsTest.Secured.class)
class SecuredBackendsTest {

    static final String PASSWORD = "s3cret-for-tests";

    public static class Secured implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PrivatePostgres.class, Map.of(PrivatePostgres.TLS, "true")),
                    new TestResourceEntry(PrivateRedis.class, Map.of(PrivateRedis.PASSWORD, PASSWORD)));
        }
    }

    @ConfigProperty(name = PrivatePostgres.DATA_DIR)
    String dataDir;

    @ConfigProperty(name = PrivatePostgres.PORT)
    int postgresPort;

    @ConfigProperty(name = PrivateRedis.PORT)
    int redisPort;

    @ConfigProperty(name = "video.cache.key-prefix")
    String keyPrefix;

    @Test
    void everythingWorksOverPasswordAndTls() {
        String course = TestData.newCourse();
        String video = TestData.newVideo(TestData.video(course, "secured"));
        // a read fills the cache: the service authenticated to Redis (a read that Redis did not answer in
        // time, on a busy machine, goes to PostgreSQL and fills nothing: read again, a few times at most)
        String cached = "0";
        for (int read = 0; read < 20 && !cached.equals("1"); read++) {
            given().when().get("/api/videos/" + video).then().statusCode(200).body("lesson_id", equalTo("secured"));
            cached = Commands.output(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(redisPort),
                    "-a", PASSWORD, "--no-auth-warning", "EXISTS", keyPrefix + "{video:" + video + "}"), 60).strip();
        }
        assertEquals("1", cached, "a read filled the cache");
        // every connection of the service's (both pools) is TLS; pg_hba.conf would refuse any other
        String connections = PrivatePostgres.query(dataDir, postgresPort, "SELECT count(*) || ' ' || count(*) FILTER (WHERE s.ssl)"
                + " FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)"
                + " WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()");
        String[] counts = connections.split(" ");
        assertEquals(counts[0], counts[1], "connections, and of them encrypted: " + connections);
        org.junit.jupiter.api.Assertions.assertNotEquals("0", counts[0], "the service holds connections");
        given().when().get("/api/courses/" + course + "/videos?status=all").then().statusCode(200).body("size()", equalTo(1));
    }
}
