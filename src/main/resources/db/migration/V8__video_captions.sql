-- A video's captions, one row per language; the WebVTT files themselves live at Cloudflare.
-- Rows go with their video (Cloudflare deletes a video's captions with the video).
CREATE TABLE video_captions (
    video_id    uuid        NOT NULL REFERENCES course_videos (id) ON DELETE CASCADE,
    language    text        NOT NULL,
    label       text        NOT NULL,
    generated   boolean     NOT NULL,
    status      text        NOT NULL CONSTRAINT video_captions_status CHECK (status IN ('inprogress', 'ready', 'error')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- when sync last asked Cloudflare about it (generated captions in progress only)
    checked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (video_id, language)
);

-- What sync looks at: generated captions Cloudflare is still working on, oldest check first.
CREATE INDEX video_captions_inprogress_idx ON video_captions (checked_at) WHERE status = 'inprogress';
