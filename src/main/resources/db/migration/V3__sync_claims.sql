-- Batch status sync across replicas: when a video is next due, which replica holds it until
-- when, and how many syncs in a row failed (for its backoff).
ALTER TABLE course_videos
    ADD COLUMN next_sync_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    ADD COLUMN sync_lease_until timestamptz,
    ADD COLUMN sync_failures    integer     NOT NULL DEFAULT 0;

DROP INDEX course_videos_processing_idx;

-- What the sync job claims: processing videos by due time.
CREATE INDEX course_videos_sync_due_idx ON course_videos (next_sync_at)
    WHERE status IN ('queued', 'inprogress');
