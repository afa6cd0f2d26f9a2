package com.coursevideo.cloudflare;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.signing.SigningKeys;
import com.coursevideo.database.MigrateCommand;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.CommandLineArguments;

/**
 * The {@link StreamAccount} from the settings ({@code CLOUDFLARE_*}), checked at start-up: a
 * service without an account, its credentials or its webhook secret does not start, and says
 * which variable is missing. The migration ({@code migrate}) needs none of it.
 */
@Singleton
public class StreamAccounts {

    private static final Logger LOG = Logger.getLogger(StreamAccounts.class);

    /** Made at start-up, whichever bean makes it: a service that cannot talk to Cloudflare stops at once. */
    void check(@Observes StartupEvent start, StreamAccount account) {
        account.apiBaseUrl();
    }

    @Produces
    @DefaultBean
    @Singleton
    StreamAccount configured(CloudflareConfig config, @CommandLineArguments String[] args) {
        if (MigrateCommand.requested(args)) {
            // the migration makes no Cloudflare call (the Job that runs it gets no Cloudflare settings)
            return new StreamAccount(config.apiBaseUrl(), null, null, null, null, null, null);
        }
        return of(config);
    }

    /** The account the settings name; fails, naming the variable, when one is missing. */
    public static StreamAccount of(CloudflareConfig config) {
        if (config.streamSigningKeyId().isPresent() != config.streamSigningKeyPem().isPresent()) {
            throw new IllegalStateException("set both CLOUDFLARE_STREAM_SIGNING_KEY_ID and "
                    + "CLOUDFLARE_STREAM_SIGNING_KEY_PEM, or neither");
        }
        StreamAccount account = new StreamAccount(config.apiBaseUrl(),
                required(config.accountId(), "CLOUDFLARE_ACCOUNT_ID"),
                required(config.apiToken(), "CLOUDFLARE_API_TOKEN"),
                required(config.streamDeliveryBaseUrl(), "CLOUDFLARE_STREAM_DELIVERY_BASE_URL"),
                required(config.webhookSecret(), "CLOUDFLARE_WEBHOOK_SECRET"),
                config.streamSigningKeyId().orElse(null),
                config.streamSigningKeyPem().map(SigningKeys::parse).orElse(null));
        if (account.signingKey().isEmpty()) {
            LOG.warn("no Stream signing key configured: videos that require signed URLs cannot be played");
        }
        return account;
    }

    private static String required(Optional<String> value, String variable) {
        return value.filter(text -> !text.isBlank()).orElseThrow(() -> new IllegalStateException(
                "Cloudflare Stream is not configured: set " + variable + " (see docs/configuration.md). "
                        + "In dev mode, without CLOUDFLARE_API_TOKEN, the service runs against a local fake instead."));
    }
}
