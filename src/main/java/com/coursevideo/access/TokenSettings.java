package com.coursevideo.access;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import com.coursevideo.database.MigrateCommand;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.CommandLineArguments;

/**
 * In production (every profile but dev and test) the service does not start without the settings
 * that make its bearer tokens verifiable and meant for it: without them every request would be
 * refused, or worse, checked against nothing, or a token issued for another API accepted here.
 */
@ApplicationScoped
public class TokenSettings {

    private static final Logger LOG = Logger.getLogger(TokenSettings.class);

    void check(@Observes StartupEvent start, Config config, AccessConfig access, @CommandLineArguments String[] args) {
        if (!ProductionChecks.apply() || MigrateCommand.requested(args)) {
            return;
        }
        if (absent(config, "mp.jwt.verify.publickey") && absent(config, "mp.jwt.verify.publickey.location")) {
            throw missing("MP_JWT_VERIFY_PUBLICKEY (the platform's public key: PEM, JWK or JWKS) or "
                    + "MP_JWT_VERIFY_PUBLICKEY_LOCATION (a file or an https URL of its JWKS)");
        }
        if (absent(config, "mp.jwt.verify.issuer")) {
            throw missing("MP_JWT_VERIFY_ISSUER (the iss every token must carry)");
        }
        if (absent(config, "mp.jwt.verify.audiences")) {
            if (!access.acceptAnyAudience()) {
                throw missing("MP_JWT_VERIFY_AUDIENCES (the aud values of tokens issued for this service; "
                        + "VIDEO_ACCEPT_ANY_AUDIENCE=true only if the platform's tokens carry none)");
            }
            LOG.warn("MP_JWT_VERIFY_AUDIENCES is not set and VIDEO_ACCEPT_ANY_AUDIENCE=true: "
                    + "tokens the platform issued for any audience are accepted");
        }
    }

    private static boolean absent(Config config, String name) {
        Optional<String> value = config.getOptionalValue(name, String.class);
        return value.isEmpty() || value.get().isBlank() || "NONE".equals(value.get());
    }

    private static IllegalStateException missing(String variable) {
        return new IllegalStateException("bearer tokens cannot be checked: set " + variable
                + " (see docs/security.md)");
    }
}
