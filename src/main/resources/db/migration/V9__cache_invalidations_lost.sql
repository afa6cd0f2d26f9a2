-- A cache invalidation that could not reach Redis, written before the write that lost it answers:
-- any replica that sees a row moves the cache epoch on (turning every entry written before into a
-- miss) and deletes the rows it covered, so the loss is acted on even when the writer dies first.
CREATE TABLE cache_invalidations_lost (
    id       bigserial   PRIMARY KEY,
    lost_at  timestamptz NOT NULL DEFAULT now()
);
