package com.coursevideo.video;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.CloudflareConfig;
import com.coursevideo.cloudflare.CloudflareStream;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.work.Outcome;
import com.coursevideo.work.WorkHandler;
import com.coursevideo.work.WorkItem;

import io.smallrye.mutiny.Uni;

/**
 * Jobs {@code cloudflare.delete}, keyed by uid: the Cloudflare video is deleted (its row is gone,
 * or it is an upload slot nobody registered). Cloudflare's "no such video" counts as done; any
 * other failure is retried, from {@code cloudflare.deletion-retry-interval} doubling up to an hour.
 */
@ApplicationScoped
public class CloudflareDeletions extends WorkHandler {

    public static final String KIND = "cloudflare.delete";

    private final CloudflareStream cloudflare;

    CloudflareDeletions(CloudflareStream cloudflare, CloudflareConfig config) {
        super(KIND, Policy.DEFAULT.firstRetryAfter(config.deletionRetryInterval()));
        this.cloudflare = cloudflare;
    }

    @Override
    public Uni<Outcome> perform(WorkItem item) {
        return cloudflare.delete(item.key(), Priority.of(item.urgent())).map(deleted -> Outcome.done());
    }
}
