package com.coursevideo.access;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import com.coursevideo.database.MigrateCommand;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.CommandLineArguments;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * In production the service does not start without the settings that make its bearer tokens
 * verifiable: without them every request would be refused, or worse, checked against nothing.
 */
@ApplicationScoped
public class TokenSettings {

    void check(@Observes StartupEvent start, Config config, @CommandLineArguments String[] args) {
        if (!ConfigUtils.getProfiles().contains("prod") || MigrateCommand.requested(args)) {
            return;
        }
        if (absent(config, "mp.jwt.verify.publickey") && absent(config, "mp.jwt.verify.publickey.location")) {
            throw missing("MP_JWT_VERIFY_PUBLICKEY (the platform's public key: PEM, JWK or JWKS) or "
                    + "MP_JWT_VERIFY_PUBLICKEY_LOCATION (a file or an https URL of its JWKS)");
        }
        if (absent(config, "mp.jwt.verify.issuer")) {
            throw missing("MP_JWT_VERIFY_ISSUER (the iss every token must carry)");
        }
    }

    private static boolean absent(Config config, String name) {
        Optional<String> value = config.getOptionalValue(name, String.class);
        return value.isEmpty() || value.get().isBlank() || "NONE".equals(value.get());
    }

    private static IllegalStateException missing(String variable) {
        return new IllegalStateException("bearer tokens cannot be verified: set " + variable
                + " (see the README's access settings)");
    }
}
