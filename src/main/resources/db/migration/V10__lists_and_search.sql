-- Lists, search and paging (GET /api/videos, GET /api/courses): every sort is an index ending in
-- the id, which pages start after; title searches (ILIKE '%…%') use trigram indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX courses_title_id_idx ON courses (title, id);
CREATE INDEX courses_title_trgm_idx ON courses USING gin (title gin_trgm_ops);

CREATE INDEX course_videos_created_at_id_idx ON course_videos (created_at, id);
CREATE INDEX course_videos_updated_at_id_idx ON course_videos (updated_at, id);
CREATE INDEX course_videos_title_id_idx ON course_videos (title, id);
-- unknown durations sort first (as -1)
CREATE INDEX course_videos_duration_id_idx ON course_videos ((coalesce(duration, -1)), id);
CREATE INDEX course_videos_title_trgm_idx ON course_videos USING gin (title gin_trgm_ops);
-- status filters with the newest changes first: GET /api/videos?status=inprogress&sort=-updated_at
CREATE INDEX course_videos_status_updated_at_id_idx ON course_videos (status, updated_at, id);
