-- Release windows: outside [available_from, available_until) a video does not exist for learners.
-- NULL is an open end.
ALTER TABLE course_videos
    ADD COLUMN available_from  timestamptz,
    ADD COLUMN available_until timestamptz,
    ADD CONSTRAINT course_videos_release_window CHECK (available_until > available_from);

DROP TRIGGER course_videos_touch_updated_at ON course_videos;

CREATE TRIGGER course_videos_touch_updated_at
    BEFORE UPDATE OF course_id, lesson_id, cloudflare_video_id, title, description, duration, thumbnail_url,
        status, playback_hls_url, playback_dash_url, processing_progress, error_message, metadata,
        require_signed_urls, available_from, available_until
    ON course_videos
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
