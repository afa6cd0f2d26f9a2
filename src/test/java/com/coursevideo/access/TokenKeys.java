package com.coursevideo.access;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points every service the tests start (in process, the jar or the native executable) at the
 * tests' public key, so the tokens {@link TestTokens} mints verify and nothing else does.
 */
@QuarkusTestResource(TokenKeys.class)
public class TokenKeys implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mp.jwt.verify.publickey.location", TestTokens.publicKeyFile().toString());
    }

    @Override
    public void stop() {
    }
}
