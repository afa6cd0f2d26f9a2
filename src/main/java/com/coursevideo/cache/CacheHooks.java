package com.coursevideo.cache;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * A seam for tests to pause a read between loading from PostgreSQL and filling Redis, the
 * window in which a concurrent write must not be overwritten by the old row. Does nothing here.
 */
@ApplicationScoped
public class CacheHooks {

    public Uni<Void> beforeFill(CacheKey key) {
        return Uni.createFrom().voidItem();
    }
}
