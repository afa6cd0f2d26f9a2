-- A caption file learners read is served from the cache or this stored copy, never fetched from
-- Cloudflare per request: an upload stores what it sent, a generation the file Cloudflare made
-- (fetched once by the caption check that sees it ready).
ALTER TABLE video_captions ADD COLUMN vtt text;

-- Ready captions of the release before have no stored copy yet: their caption check fetches it.
INSERT INTO work_items (kind, key)
SELECT DISTINCT 'caption.check', video_id::text FROM video_captions WHERE status = 'ready'
ON CONFLICT (kind, key) DO NOTHING;

-- The video's `modified` time at Cloudflare that the row reflects: a notification or a poll that
-- is older changes nothing, so a replayed or late webhook never takes a video back.
ALTER TABLE course_videos ADD COLUMN cloudflare_modified timestamptz;
