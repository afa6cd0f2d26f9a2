-- A direct upload about to be asked of Cloudflare, written before the call: if the service cannot
-- register the slot Cloudflare makes (database down, a crash, a client gone), the intent is left and
-- the reaper finds the slot at Cloudflare by its creator ('course-video-service/upload/<id>') and
-- queues its deletion. A registered upload removes its intent.
CREATE TABLE upload_intents (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- when the reaper may look at it; also its lease while one replica does
    reap_after  timestamptz NOT NULL
);

CREATE INDEX upload_intents_reap_idx ON upload_intents (reap_after);
