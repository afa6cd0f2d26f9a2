-- Reconciliation of the Cloudflare library with the rows (POST /api/admin/reconciliation and a
-- daily run). One run at a time across replicas: whoever holds a run's lease crawls it, and a run
-- whose lease ran out (its replica died) is taken over from its cursor.
CREATE TABLE reconciliations (
    id bigserial PRIMARY KEY,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    -- where the crawl is: the `after` (a creation time) of its next page, and the uids compared
    -- already that the next page may repeat (those created after it)
    next_after timestamptz,
    repeatable_uids text[] NOT NULL DEFAULT '{}',
    cloudflare_videos integer NOT NULL DEFAULT 0,
    orphan_slots_deleted integer NOT NULL DEFAULT 0,
    lease_owner uuid,
    lease_until timestamptz
);
-- at most one unfinished run
CREATE UNIQUE INDEX reconciliations_one_unfinished_idx ON reconciliations ((true)) WHERE finished_at IS NULL;

-- Cloudflare videos no row references
CREATE TABLE reconciliation_orphans (
    reconciliation_id bigint NOT NULL REFERENCES reconciliations ON DELETE CASCADE,
    cloudflare_video_id text NOT NULL,
    created timestamptz NOT NULL,
    meta jsonb NOT NULL,
    PRIMARY KEY (reconciliation_id, cloudflare_video_id)
);

-- rows whose require_signed_urls Cloudflare does not have
CREATE TABLE reconciliation_drift (
    reconciliation_id bigint NOT NULL REFERENCES reconciliations ON DELETE CASCADE,
    video_id uuid NOT NULL,
    PRIMARY KEY (reconciliation_id, video_id)
);

-- rows whose uid the finished crawl did not find at Cloudflare
CREATE TABLE reconciliation_missing (
    reconciliation_id bigint NOT NULL REFERENCES reconciliations ON DELETE CASCADE,
    video_id uuid NOT NULL,
    PRIMARY KEY (reconciliation_id, video_id)
);

-- the uids the unfinished crawl has seen at Cloudflare (emptied when it finishes)
CREATE TABLE reconciliation_seen (
    reconciliation_id bigint NOT NULL REFERENCES reconciliations ON DELETE CASCADE,
    cloudflare_video_id text NOT NULL,
    PRIMARY KEY (reconciliation_id, cloudflare_video_id)
);
