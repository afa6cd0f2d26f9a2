-- Learner progress: per video and learner (the token's sub), the union of every stretch watched,
-- kept as a multirange of seconds (PostgreSQL 14+), so that merging heartbeats is a union: the same
-- heartbeats merged in any order, by any replica, any number of times, give the same coverage.
-- Heartbeats reach this table in batches (progress/ProgressStore.merge): one statement for many.

-- The seconds a coverage holds; immutable, so that the table can keep it as a generated column.
CREATE FUNCTION covered_seconds(coverage nummultirange) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$$
SELECT coalesce(sum(upper(stretch) - lower(stretch)), 0) FROM unnest(coverage) AS stretch
$$;

CREATE TABLE learner_progress (
    -- deleting a video (or its course) deletes its progress
    video_id          uuid          NOT NULL REFERENCES course_videos (id) ON DELETE CASCADE,
    learner           text          NOT NULL CHECK (learner <> ''),
    coverage          nummultirange NOT NULL DEFAULT '{}',
    watched_seconds   numeric       NOT NULL GENERATED ALWAYS AS (covered_seconds(coverage)) STORED,
    -- where playback was at the latest heartbeat (by the time it was received)
    position          double precision NOT NULL DEFAULT 0 CHECK (position >= 0),
    -- true once watched_seconds reached 90 % of the duration; never false again
    completed         boolean       NOT NULL DEFAULT false,
    completed_at      timestamptz,
    -- when the latest heartbeat merged here was received (the one position comes from)
    last_heartbeat_at timestamptz   NOT NULL,
    updated_at        timestamptz   NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (video_id, learner),
    CONSTRAINT learner_progress_completed_at CHECK (completed = (completed_at IS NOT NULL))
);

-- Erasure of one learner's records, and a learner's progress over a course.
CREATE INDEX learner_progress_learner_idx ON learner_progress (learner, video_id);
