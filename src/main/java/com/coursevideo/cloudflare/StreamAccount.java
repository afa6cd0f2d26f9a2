package com.coursevideo.cloudflare;

import java.security.PrivateKey;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.fake.StreamFake;
import com.coursevideo.config.ProductionChecks;
import com.coursevideo.database.MigrateCommand;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.CommandLineArguments;

/**
 * Which Cloudflare Stream the service talks to, checked at start-up: the configured account,
 * or, outside production and when no API token is set, the local {@link StreamFake}. Production
 * without credentials does not start.
 */
@Startup
@ApplicationScoped
public class StreamAccount {

    private static final Logger LOG = Logger.getLogger(StreamAccount.class);

    private final String apiBaseUrl;
    private final String accountId;
    private final String token;
    private final String deliveryBase;
    private final String webhookSecret;
    private final String signingKeyId;
    private final PrivateKey signingKey;

    StreamAccount(CloudflareConfig config, StreamFake fake, @CommandLineArguments String[] args) {
        boolean production = ProductionChecks.apply();
        if (MigrateCommand.requested(args)) {
            // the migration needs no Cloudflare settings (the Job that runs it gets none), and makes no call
            apiBaseUrl = accountId = token = deliveryBase = webhookSecret = signingKeyId = null;
            signingKey = null;
            return;
        }
        if (config.apiToken().isEmpty() && config.fake().enabled() && !production) {
            apiBaseUrl = fake.start();
            accountId = StreamFake.ACCOUNT;
            token = fake.token();
            deliveryBase = fake.deliveryBase();
            webhookSecret = config.webhookSecret().orElse(fake.webhookSecret());
            signingKeyId = config.streamSigningKeyId().orElse(fake.signingKeyId());
            signingKey = SigningKeys.parse(config.streamSigningKeyPem().orElse(fake.signingKeyPem()));
            return;
        }
        apiBaseUrl = config.apiBaseUrl();
        accountId = required(config.accountId(), "CLOUDFLARE_ACCOUNT_ID");
        token = required(config.apiToken(), "CLOUDFLARE_API_TOKEN");
        deliveryBase = stripSlash(required(config.streamDeliveryBaseUrl(), "CLOUDFLARE_STREAM_DELIVERY_BASE_URL"));
        webhookSecret = required(config.webhookSecret(), "CLOUDFLARE_WEBHOOK_SECRET");
        if (config.streamSigningKeyId().isPresent() != config.streamSigningKeyPem().isPresent()) {
            throw new IllegalStateException("set both CLOUDFLARE_STREAM_SIGNING_KEY_ID and "
                    + "CLOUDFLARE_STREAM_SIGNING_KEY_PEM, or neither");
        }
        signingKeyId = config.streamSigningKeyId().orElse(null);
        signingKey = config.streamSigningKeyPem().map(SigningKeys::parse).orElse(null);
        if (signingKey == null) {
            LOG.warn("no Stream signing key configured: videos that require signed URLs cannot be played");
        }
    }

    private static String required(Optional<String> value, String variable) {
        return value.filter(text -> !text.isBlank()).orElseThrow(() -> new IllegalStateException(
                "Cloudflare Stream is not configured: set " + variable + " (see the README's settings). "
                        + "Outside production the service can run against its local Cloudflare fake instead."));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String apiBaseUrl() {
        return apiBaseUrl;
    }

    public String accountId() {
        return accountId;
    }

    String authorization() {
        return "Bearer " + token;
    }

    /** Where playback and thumbnail URLs point, without a trailing slash. */
    public String deliveryBase() {
        return deliveryBase;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    public Optional<String> signingKeyId() {
        return Optional.ofNullable(signingKeyId);
    }

    public Optional<PrivateKey> signingKey() {
        return Optional.ofNullable(signingKey);
    }
}
