-- updated_at is the resource's: it moves when a column clients see is written, not when the sync
-- job takes or gives back a lease (which would also leave cached copies with an old updated_at).
DROP TRIGGER course_videos_touch_updated_at ON course_videos;

CREATE TRIGGER course_videos_touch_updated_at
    BEFORE UPDATE OF course_id, lesson_id, cloudflare_video_id, title, description, duration, thumbnail_url,
        status, playback_hls_url, playback_dash_url, processing_progress, error_message, metadata,
        require_signed_urls
    ON course_videos
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
