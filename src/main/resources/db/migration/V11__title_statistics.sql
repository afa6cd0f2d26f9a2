-- Title searches (ILIKE '%word%') are planned from the title column's histogram: with the default
-- 100 buckets, an ANALYZE now and then underestimates a common word by orders of magnitude, and
-- the planner then sorts every match found through the trigram index (187 ms for a word in 6.5 %
-- of 1,000,000 titles) instead of walking the sort's index until a page is full (under 1 ms).
-- 1,000 buckets estimate such words within a few percent (bench/RESULTS.md, "Catalogue at scale").
ALTER TABLE course_videos ALTER COLUMN title SET STATISTICS 1000;
ALTER TABLE courses ALTER COLUMN title SET STATISTICS 1000;
ANALYZE course_videos (title);
ANALYZE courses (title);
