package com.coursevideo.access;

import io.quarkus.runtime.configuration.MemorySize;
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

    /**
     * How much token text {@link VerifiedTokens} keeps ({@code VIDEO_VERIFIED_TOKENS_SIZE}),
     * counted as the tokens' length: a learner's session sends one token with every request, and
     * verifying it again each time costs about half the throughput of a cached read. The parsed
     * claims of each kept token come on top of its text: about 2.6 KB for a 946-character learner
     * token with five courses (measured), so the heap holds about 3.5 times this budget; the
     * default keeps some 8,000 such tokens in about 30 MB. When full, expired tokens go first, then
     * all of them (they are verified again as they come back).
     */
    @WithDefault("8M")
    MemorySize verifiedTokensSize();
}
