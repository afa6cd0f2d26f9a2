package com.coursevideo.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How bearer tokens are checked, beyond MicroProfile JWT's own {@code mp.jwt.verify.*} settings. */
@ConfigMapping(prefix = "video")
public interface AccessConfig {

    /**
     * Let the service start in production without {@code MP_JWT_VERIFY_AUDIENCES}
     * ({@code VIDEO_ACCEPT_ANY_AUDIENCE}). Without audiences smallrye-jwt does not check
     * {@code aud}, so any token of the platform's issuer is accepted, including one issued for
     * another API; only for a platform whose tokens carry no audience at all.
     */
    @WithDefault("false")
    boolean acceptAnyAudience();
}
