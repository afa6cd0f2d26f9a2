package com.coursevideo.video;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import com.coursevideo.database.Like;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.Ids;
import com.coursevideo.http.LanguageTag;
import com.coursevideo.http.Page;
import com.coursevideo.http.Trimmed;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code GET /api/videos}: the filters and the sort of a search of every course's videos, read
 * strictly from the query (an unknown value is {@code INVALID_INPUT}), and the SQL of one page of
 * it. Every sort is a key ending in the id, with an index of its own (V10), so that a page starts
 * right after the last row of the page before.
 */
record VideoSearch(UUID courseId, VideoStatus status, String titleContains, Double minDuration, Double maxDuration,
        Boolean signed, Boolean stuck, String missingCaption, Sorted sort) {

    /** The sort keys: the SQL expression (as indexed) and how a row's value goes into a cursor and back. */
    enum Sort {
        CREATED_AT("created_at", "created_at", "::timestamptz", video -> video.createdAt().toString()),
        TITLE("title", "title", "::text", CourseVideo::title),
        DURATION("duration", "coalesce(duration, -1)", "::float8",
                video -> String.valueOf(video.duration() == null ? -1 : video.duration())),
        UPDATED_AT("updated_at", "updated_at", "::timestamptz", video -> video.updatedAt().toString());

        final String name;
        final String expression;
        final String cast;
        final Function<CourseVideo, String> cursorValue;

        Sort(String name, String expression, String cast, Function<CourseVideo, String> cursorValue) {
            this.name = name;
            this.expression = expression;
            this.cast = cast;
            this.cursorValue = cursorValue;
        }
    }

    record Sorted(Sort key, boolean descending) {
    }

    record Sql(String where, Tuple arguments) {
    }

    /** The query's values, as sent (null when absent). */
    static VideoSearch read(String courseId, String status, String q, String minDuration, String maxDuration,
            String signed, String stuck, String missingCaption, String sort) {
        return new VideoSearch(
                courseId == null ? null : Ids.parse("course_id", courseId),
                status == null || "all".equals(status) ? null : VideoStatus.parse("status", status),
                q == null || q.isEmpty() ? null : Trimmed.of("q", q, 255),
                duration("min_duration", minDuration), duration("max_duration", maxDuration),
                bool("signed", signed), bool("stuck", stuck),
                missingCaption == null ? null : LanguageTag.parse("missing_caption", missingCaption),
                sort(sort));
    }

    Sql sql(Page page, Duration stuckAfter) {
        List<Object> arguments = new ArrayList<>();
        StringBuilder where = new StringBuilder("true");
        if (courseId != null) {
            where.append(" AND course_id = ").append(add(arguments, courseId));
        }
        if (status != null) {
            where.append(" AND status = ").append(add(arguments, status.value())).append("::video_status");
        }
        if (titleContains != null) {
            where.append(" AND title ILIKE ").append(add(arguments, Like.containing(titleContains)));
        }
        if (minDuration != null) {
            where.append(" AND duration >= ").append(add(arguments, minDuration));
        }
        if (maxDuration != null) {
            where.append(" AND duration <= ").append(add(arguments, maxDuration));
        }
        if (signed != null) {
            where.append(" AND require_signed_urls = ").append(add(arguments, signed));
        }
        if (stuck != null) {
            where.append(stuck ? " AND " : " AND NOT ").append("(status IN ('queued', 'inprogress') AND created_at < ")
                    .append("clock_timestamp() - make_interval(secs => ").append(add(arguments, (double) stuckAfter.toSeconds()))
                    .append("::float8))");
        }
        if (missingCaption != null) {
            where.append(" AND NOT EXISTS (SELECT 1 FROM video_captions c WHERE c.video_id = course_videos.id")
                    .append(" AND c.language = ").append(add(arguments, missingCaption)).append(" AND c.status = 'ready')");
        }
        Sort key = sort.key();
        if (!page.first()) {
            where.append(" AND (").append(key.expression).append(", id) ").append(sort.descending() ? "<" : ">")
                    .append(" (").append(add(arguments, afterValue(page))).append(key.cast).append(", ")
                    .append(add(arguments, page.afterId(1))).append(")");
        }
        String direction = sort.descending() ? " DESC" : "";
        where.append(" ORDER BY ").append(key.expression).append(direction).append(", id").append(direction)
                .append(" LIMIT ").append(add(arguments, page.limit() + 1));
        return new Sql(where.toString(), Tuple.from(arguments));
    }

    /** The cursor of the page after {@code video}: its sort value and id. */
    List<String> cursor(CourseVideo video) {
        return List.of(sort.key().cursorValue.apply(video), video.id().toString());
    }

    /** The cursor's sort value, of this sort's type: a tampered cursor is refused, never sent to SQL. */
    private Object afterValue(Page page) {
        String value = page.after(0);
        try {
            return switch (sort.key()) {
                case CREATED_AT, UPDATED_AT -> OffsetDateTime.parse(value);
                case DURATION -> Double.parseDouble(value);
                case TITLE -> value;
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            throw VideoError.invalidInput("after is not a cursor of this list: take it from the Link of the page before");
        }
    }

    private static String add(List<Object> arguments, Object value) {
        arguments.add(value);
        return "$" + arguments.size();
    }

    private static Sorted sort(String text) {
        if (text == null) {
            return new Sorted(Sort.CREATED_AT, true);
        }
        boolean descending = text.startsWith("-");
        String name = descending ? text.substring(1) : text;
        for (Sort key : Sort.values()) {
            if (key.name.equals(name)) {
                return new Sorted(key, descending);
            }
        }
        throw VideoError.invalidInput("sort must be one of created_at, title, duration, updated_at, with a leading - for descending");
    }

    private static Double duration(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(text);
            if (Double.isFinite(seconds) && seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw VideoError.invalidInput(field + " must be a number of seconds >= 0");
    }

    private static Boolean bool(String field, String text) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw VideoError.invalidInput(field + " must be true or false");
        };
    }
}
