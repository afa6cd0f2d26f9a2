-- Downloads, embedding and thumbnails. A video's settings reach Cloudflare through the work queue
-- (cloudflare.settings: requireSignedURLs, thumbnailTimestampPct and the course's allowedOrigins;
-- cloudflare.downloads: the MP4 download), like require_signed_urls before.
ALTER TABLE course_videos
    ADD COLUMN downloadable boolean NOT NULL DEFAULT false,
    -- Cloudflare's default MP4 download: none, inprogress, ready or error (the downloads job moves it)
    ADD COLUMN download_status text NOT NULL DEFAULT 'none'
        CONSTRAINT course_videos_download_status_check CHECK (download_status IN ('none', 'inprogress', 'ready', 'error')),
    -- the default poster's place in the video, 0 (first frame) to 1 (last)
    ADD COLUMN thumbnail_timestamp_pct double precision NOT NULL DEFAULT 0
        CONSTRAINT course_videos_thumbnail_timestamp_pct_check CHECK (thumbnail_timestamp_pct BETWEEN 0 AND 1);

-- Host names the player may be embedded on, for every video of the course ('{}': any origin).
ALTER TABLE courses ADD COLUMN allowed_origins text[] NOT NULL DEFAULT '{}'
    CONSTRAINT courses_allowed_origins_check CHECK (cardinality(allowed_origins) <= 20);
