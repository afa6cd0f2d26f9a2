package com.coursevideo.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How large a request body may be: {@code VIDEO_LIMITS_BODY}. */
@ConfigMapping(prefix = "video.limits")
public interface BodyLimitConfig {

    /**
     * Every body but a caption file's (those may be 10 MB, up to {@code quarkus.http.limits.max-body-size}).
     * Larger is {@code 413 PAYLOAD_TOO_LARGE}.
     */
    @WithDefault("1M")
    MemorySize body();
}
