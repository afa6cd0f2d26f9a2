-- Courses and the Cloudflare Stream videos registered against their lessons.

CREATE TYPE video_status AS ENUM ('queued', 'inprogress', 'ready', 'error');

-- updated_at always moves forward, even for two updates within one clock tick.
CREATE FUNCTION touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.updated_at := greatest(clock_timestamp(), OLD.updated_at + interval '1 microsecond');
    RETURN NEW;
END;
$$;

CREATE TABLE courses (
    id         uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    title      varchar(255) NOT NULL CHECK (btrim(title) <> ''),
    created_at timestamptz  NOT NULL DEFAULT clock_timestamp(),
    updated_at timestamptz  NOT NULL DEFAULT clock_timestamp()
);

CREATE TRIGGER courses_touch_updated_at
    BEFORE UPDATE ON courses
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TABLE course_videos (
    id                  uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    course_id           uuid         NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    -- "C" collation: lists are ordered by code point, the same on every server.
    lesson_id           varchar(255) COLLATE "C" NOT NULL CHECK (lesson_id <> ''),
    cloudflare_video_id text         NOT NULL CHECK (cloudflare_video_id ~ '^[0-9a-f]{32}$'),
    title               varchar(255) NOT NULL CHECK (btrim(title) <> ''),
    description         text,
    duration            double precision CHECK (duration >= 0),
    thumbnail_url       text,
    status              video_status NOT NULL DEFAULT 'queued',
    playback_hls_url    text,
    playback_dash_url   text,
    processing_progress integer      NOT NULL DEFAULT 0 CHECK (processing_progress BETWEEN 0 AND 100),
    error_message       text,
    metadata            jsonb        CHECK (metadata IS NULL OR jsonb_typeof(metadata) = 'object'),
    require_signed_urls boolean      NOT NULL DEFAULT false,
    created_at          timestamptz  NOT NULL DEFAULT clock_timestamp(),
    updated_at          timestamptz  NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT course_videos_cloudflare_video_id_key UNIQUE (cloudflare_video_id),
    -- Also serves "a course's videos ordered by lesson" and "a course's video for a lesson".
    CONSTRAINT course_videos_course_id_lesson_id_key UNIQUE (course_id, lesson_id),
    CONSTRAINT course_videos_ready_is_complete CHECK (status <> 'ready' OR processing_progress = 100)
);

-- A course's videos with one status, ordered by lesson.
CREATE INDEX course_videos_course_status_lesson_idx ON course_videos (course_id, status, lesson_id);

-- Videos still processing at Cloudflare: what status sync walks through.
CREATE INDEX course_videos_processing_idx ON course_videos (status)
    WHERE status IN ('queued', 'inprogress');

CREATE TRIGGER course_videos_touch_updated_at
    BEFORE UPDATE ON course_videos
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
