package com.coursevideo.access;

import java.util.Set;

import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Whether the running process is held to production's start-up checks (the settings that verify
 * bearer tokens): in every profile but {@code dev} and {@code test}, so that a profile of the
 * operator's own ({@code staging}, {@code prod-eu}) is checked like {@code prod}. By profile, not
 * launch mode: the integration tests run the packaged service (launch mode normal) with the test
 * profile.
 */
public final class ProductionChecks {

    private static final Set<String> EXEMPT = Set.of("dev", "test");

    private ProductionChecks() {
    }

    /** True unless an active profile is {@code dev} or {@code test}. */
    public static boolean apply() {
        return ConfigUtils.getProfiles().stream().noneMatch(EXEMPT::contains);
    }
}
