package com.coursevideo.events;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Outbound webhooks to the course platform ({@code EVENTS_*}). */
@ConfigMapping(prefix = "events")
public interface EventsConfig {

    /**
     * Whether an endpoint may be a loopback, unspecified, link-local or private address (or a host
     * name resolving to one). Off in production, so that an admin's URL cannot reach the service's
     * own network; dev and test turn it on.
     */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** Whether endpoint URLs must be https (dev and test allow http). */
    @WithDefault("true")
    boolean requireHttps();

    /** How long an endpoint has to answer a delivery with 2xx (connection included). */
    @WithDefault("5S")
    Duration timeout();

    /** Deliveries this instance sends to one endpoint at once: a slow endpoint never holds more of the queue's workers. */
    @WithDefault("4")
    int perEndpointConcurrency();

    /** Deliveries this instance sends at once, to all endpoints together. */
    @WithDefault("32")
    int concurrency();

    /** How long a rotated secret keeps signing beside the new one. */
    @WithDefault("24H")
    Duration secretOverlap();

    /** How long a delivery is retried before it is given up and shown as failed. */
    @WithDefault("3D")
    Duration giveUpAfter();
}
