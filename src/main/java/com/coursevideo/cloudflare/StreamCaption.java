package com.coursevideo.cloudflare;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A caption as Cloudflare Stream describes it ({@code stream_captions} in its OpenAPI).
 *
 * @param status {@code inprogress}, {@code ready} or {@code error} for a generated caption; absent
 *            for an uploaded one, which is ready once Cloudflare has accepted it
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamCaption(String language, String label, boolean generated, String status) {

    /** The status to record: an uploaded caption Cloudflare accepted is ready. */
    public String statusOrReady() {
        return status == null || status.isBlank() ? "ready" : status;
    }
}
