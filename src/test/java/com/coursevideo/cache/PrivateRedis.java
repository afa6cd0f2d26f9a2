package com.coursevideo.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** One redis-server of the test's own on a free port; the test kills, freezes and restarts it. */
public class PrivateRedis implements QuarkusTestResourceLifecycleManager {

    public static final String DIR = "private-redis.dir";
    public static final String PORT = "private-redis.port";

    /** Init argument: the password the server requires ({@code requirepass}); none when absent. */
    public static final String PASSWORD = "password";

    private Path dir;
    private int port;
    private String password;

    @Override
    public void init(Map<String, String> initArgs) {
        password = initArgs.get(PASSWORD);
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("private-redis");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        port = RedisProcess.freePort();
        if (password == null) {
            RedisProcess.start(dir, port);
        } else {
            RedisProcess.start(dir, port, "--requirepass", password);
        }
        return Map.of("quarkus.redis.hosts", "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port,
                DIR, dir.toString(),
                PORT, Integer.toString(port));
    }

    @Override
    public void stop() {
        try {
            RedisProcess.signal(dir, port, "CONT");
            RedisProcess.kill(dir, port);
        } catch (IllegalStateException alreadyGone) {
            // the test left it stopped
        }
    }
}
