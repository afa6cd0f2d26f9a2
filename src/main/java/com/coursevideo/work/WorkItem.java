package com.coursevideo.work;

import java.time.OffsetDateTime;

/**
 * One job of the {@link WorkQueue}, as the worker that holds its lease sees it.
 *
 * @param key what the job is about (a Cloudflare uid, a video id, a run id): unique within its kind
 * @param requestedAt when the job was last asked for: a job asked for again while it is worked on stays queued
 * @param attempts failures in a row so far
 * @param urgent a person waits for it (an attempt made while answering a request), rather than a background round
 */
public record WorkItem(String kind, String key, OffsetDateTime requestedAt, int attempts, boolean urgent) {
}
