-- One durable queue for every piece of background work: Cloudflare deletions and settings, upload
-- reaping, status sync, caption checks, reconciliation runs (and what comes next). A job is a row,
-- unique by (kind, key), written in the transaction that makes it necessary. An instance claims due
-- jobs (FOR UPDATE SKIP LOCKED) by naming itself their lease_owner and moving due_at to the end of
-- its lease: the jobs of an instance that dies are due again when its lease runs out. requested_at
-- tells a worker whether a job was asked for again while it worked on it.
CREATE TABLE work_items (
    kind         text        NOT NULL,
    key          text        NOT NULL,
    due_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    attempts     integer     NOT NULL DEFAULT 0,
    lease_owner  uuid,
    last_error   text,
    PRIMARY KEY (kind, key)
);

-- What a round claims: a kind's jobs by due time.
CREATE INDEX work_items_due_idx ON work_items (kind, due_at);

-- The jobs the five queues of the release before held.
INSERT INTO work_items (kind, key, due_at, requested_at, attempts, last_error)
SELECT CASE action WHEN 'delete' THEN 'cloudflare.delete' ELSE 'cloudflare.settings' END, cloudflare_video_id,
       next_attempt_at, requested_at, attempts, last_error
FROM cloudflare_outbox;

INSERT INTO work_items (kind, key, due_at)
SELECT 'upload.reap', id::text, reap_after FROM upload_intents;

INSERT INTO work_items (kind, key, due_at, attempts)
SELECT 'video.sync', id::text, next_sync_at, sync_failures FROM course_videos WHERE status IN ('queued', 'inprogress');

INSERT INTO work_items (kind, key, due_at)
SELECT 'caption.check', video_id::text, min(checked_at) FROM video_captions WHERE status = 'inprogress' GROUP BY video_id;

INSERT INTO work_items (kind, key)
SELECT 'library.reconcile', id::text FROM reconciliations WHERE finished_at IS NULL;

-- While instances of the release before still run (a rolling update), what they queue in the tables
-- this release no longer reads reaches the work queue too. The next release drops these triggers,
-- cloudflare_outbox, upload_intents and the columns course_videos.next_sync_at, sync_lease_until,
-- sync_failures, video_captions.checked_at and reconciliations.lease_owner, lease_until.
CREATE FUNCTION work_items_from_cloudflare_outbox() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO work_items (kind, key)
    VALUES (CASE NEW.action WHEN 'delete' THEN 'cloudflare.delete' ELSE 'cloudflare.settings' END, NEW.cloudflare_video_id)
    ON CONFLICT (kind, key) DO UPDATE SET requested_at = clock_timestamp(), due_at = clock_timestamp(), attempts = 0;
    RETURN NEW;
END;
$$;

CREATE TRIGGER cloudflare_outbox_to_work_items
    AFTER INSERT OR UPDATE OF requested_at ON cloudflare_outbox
    FOR EACH ROW EXECUTE FUNCTION work_items_from_cloudflare_outbox();

CREATE FUNCTION work_items_from_upload_intents() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO work_items (kind, key, due_at) VALUES ('upload.reap', NEW.id::text, NEW.reap_after)
        ON CONFLICT (kind, key) DO NOTHING;
        RETURN NEW;
    END IF;
    DELETE FROM work_items WHERE kind = 'upload.reap' AND key = OLD.id::text;
    RETURN OLD;
END;
$$;

CREATE TRIGGER upload_intents_to_work_items
    AFTER INSERT OR DELETE ON upload_intents
    FOR EACH ROW EXECUTE FUNCTION work_items_from_upload_intents();
