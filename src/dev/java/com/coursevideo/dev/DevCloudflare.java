package com.coursevideo.dev;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.StreamAccount;
import com.coursevideo.cloudflare.StreamAccounts;
import com.coursevideo.cloudflare.signing.SigningKeys;
import com.coursevideo.dev.fake.StreamFake;

import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.core.Vertx;

/**
 * Dev mode only (src/dev: absent from every other build): without {@code CLOUDFLARE_API_TOKEN}
 * the service talks to a local {@link StreamFake}, started on a free port, so that the README's
 * first command works with no Cloudflare account. With a token it talks to that account.
 */
@IfBuildProfile("dev")
@Singleton
public class DevCloudflare {

    private static final Logger LOG = Logger.getLogger(DevCloudflare.class);

    @Produces
    @Singleton
    StreamAccount account(CloudflareConfig config, Vertx vertx,
            @ConfigProperty(name = "dev.cloudflare.processing-time", defaultValue = "2S") Duration processingTime) {
        if (config.apiToken().isPresent()) {
            return StreamAccounts.of(config);
        }
        // playback from the fake's own server, which plays src/test/browser/make-media.sh's stream for every video
        StreamFake fake = config.streamDeliveryBaseUrl().map(base -> new StreamFake(vertx, base, processingTime))
                .orElseGet(() -> StreamFake.delivering(vertx, Path.of("target/fake-media"), processingTime));
        fake.start();
        LOG.infof("dev mode: no CLOUDFLARE_API_TOKEN, so Cloudflare Stream is a local fake at %s", fake.baseUrl());
        var settings = fake.settings();
        return new StreamAccount(settings.get("cloudflare.api-base-url"), settings.get("cloudflare.account-id"),
                settings.get("cloudflare.api-token"), settings.get("cloudflare.stream-delivery-base-url"),
                settings.get("cloudflare.webhook-secret"), settings.get("cloudflare.stream-signing-key-id"),
                SigningKeys.parse(settings.get("cloudflare.stream-signing-key-pem")));
    }
}
