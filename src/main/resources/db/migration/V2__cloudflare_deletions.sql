-- Cloudflare Stream videos to delete: written in the transaction that deletes their rows, and
-- removed only once Cloudflare confirmed the deletion (or said it no longer has the video).
CREATE TABLE cloudflare_deletions (
    cloudflare_video_id text        PRIMARY KEY,
    requested_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    attempts            integer     NOT NULL DEFAULT 0,
    -- also the lease of the instance working on it, so replicas do not retry it together
    next_attempt_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_error          text
);

CREATE INDEX cloudflare_deletions_due_idx ON cloudflare_deletions (next_attempt_at);
