package com.coursevideo.cloudflare.budget;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The fleet's shared Cloudflare API budget. Cloudflare allows 1200 requests per 5 minutes per
 * token and blocks for 5 minutes beyond that; every call of every replica takes a token first.
 */
@ConfigMapping(prefix = "cloudflare.budget")
public interface BudgetConfig {

    /** Cloudflare's limit: this many requests ... */
    @WithDefault("1200")
    int requests();

    /** ... per this window. */
    @WithDefault("5M")
    Duration per();

    /** The share of the limit left unused, for the dashboard and other clients of the token. */
    @WithDefault("0.1")
    double safetyMargin();

    /** Tokens that may be spent at once after a quiet spell (the rest refills evenly over the window). */
    @WithDefault("60")
    int burst();

    /** The share of the burst that only user-facing calls may take: sync leaves it to them. */
    @WithDefault("0.2")
    double userReserve();

    /** How long a user-facing call may wait for a token before it fails. */
    @WithDefault("1S")
    Duration userMaxWait();

    /** While Redis is unreachable each replica spends at most 1/this of the budget on its own. */
    @WithDefault("4")
    int expectedReplicas();
}
