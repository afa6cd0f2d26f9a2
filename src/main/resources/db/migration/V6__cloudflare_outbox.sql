-- One durable queue for every change the service owes Cloudflare: deletions, and the
-- requireSignedURLs setting of videos whose require_signed_urls changed. A row is written in the
-- transaction that makes the change and removed once Cloudflare confirmed it; requested_at tells a
-- worker whether the row was requested again while it was working on it.
ALTER TABLE cloudflare_deletions RENAME TO cloudflare_outbox;
ALTER TABLE cloudflare_outbox RENAME CONSTRAINT cloudflare_deletions_pkey TO cloudflare_outbox_pkey;
ALTER INDEX cloudflare_deletions_due_idx RENAME TO cloudflare_outbox_due_idx;
ALTER TABLE cloudflare_outbox
    ADD COLUMN action text NOT NULL DEFAULT 'delete' CHECK (action IN ('delete', 'require_signed_urls')),
    DROP CONSTRAINT cloudflare_outbox_pkey,
    ADD CONSTRAINT cloudflare_outbox_pkey PRIMARY KEY (cloudflare_video_id, action);
ALTER TABLE cloudflare_outbox ALTER COLUMN action DROP DEFAULT;

-- Whether Cloudflare's requireSignedURLs is known to equal require_signed_urls; and since when
-- Cloudflare has answered that it no longer has the video (a ready video turns error only when that
-- holds for a minute).
ALTER TABLE course_videos
    ADD COLUMN signed_urls_enforced     boolean NOT NULL DEFAULT true,
    ADD COLUMN cloudflare_missing_since timestamptz;

-- Videos registered before: their setting was never sent, so send it.
UPDATE course_videos SET signed_urls_enforced = false WHERE require_signed_urls;
INSERT INTO cloudflare_outbox (cloudflare_video_id, action)
SELECT cloudflare_video_id, 'require_signed_urls' FROM course_videos WHERE require_signed_urls
ON CONFLICT DO NOTHING;

DROP TRIGGER course_videos_touch_updated_at ON course_videos;

CREATE TRIGGER course_videos_touch_updated_at
    BEFORE UPDATE OF course_id, lesson_id, cloudflare_video_id, title, description, duration, thumbnail_url,
        status, playback_hls_url, playback_dash_url, processing_progress, error_message, metadata,
        require_signed_urls, available_from, available_until, signed_urls_enforced
    ON course_videos
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
