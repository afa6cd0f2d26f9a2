package com.coursevideo.video;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.coursevideo.http.JsonBody;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A CourseVideo field that clients write: its JSON name (also its column), whether it may be
 * cleared, how a request value is read and validated, and how it binds into SQL.
 */
record VideoField<T>(String name, boolean nullable, BiFunction<String, JsonNode, T> reader,
        String cast, Function<T, Object> toSql) {

    // the contract's limits: title 255, description 10,000 characters; metadata 16 KB and 10 levels
    static final VideoField<String> LESSON_ID = plain("lesson_id", false,
            JsonBody.withoutControlCharacters(JsonBody.trimmedText(255)));
    static final VideoField<String> TITLE = plain("title", false, JsonBody.nonBlankText(255));
    static final VideoField<String> DESCRIPTION = plain("description", true, JsonBody.textUpTo(10_000));
    static final VideoField<Double> DURATION = plain("duration", true, JsonBody::nonNegativeNumber);
    static final VideoField<String> THUMBNAIL_URL = plain("thumbnail_url", true, JsonBody::httpUrl);
    static final VideoField<VideoStatus> STATUS = new VideoField<>("status", false,
            (field, value) -> VideoStatus.parse(field, JsonBody.text(field, value)), "::video_status", VideoStatus::value);
    static final VideoField<Integer> PROCESSING_PROGRESS =
            plain("processing_progress", false, JsonBody.integerBetween(0, 100));
    static final VideoField<String> ERROR_MESSAGE = plain("error_message", true, JsonBody::text);
    // bound as text and cast, so that PostgreSQL parses the object rather than storing a JSON string
    static final VideoField<ObjectNode> METADATA =
            new VideoField<>("metadata", true, JsonBody.boundedObject(16 * 1024, 10), "::text::jsonb", ObjectNode::toString);
    static final VideoField<Boolean> REQUIRE_SIGNED_URLS = plain("require_signed_urls", false, JsonBody::bool);
    static final VideoField<OffsetDateTime> AVAILABLE_FROM = plain("available_from", true, JsonBody::timestamp);
    static final VideoField<OffsetDateTime> AVAILABLE_UNTIL = plain("available_until", true, JsonBody::timestamp);

    // written by syncs with Cloudflare only
    static final VideoField<String> PLAYBACK_HLS_URL = plain("playback_hls_url", true, JsonBody::text);
    static final VideoField<String> PLAYBACK_DASH_URL = plain("playback_dash_url", true, JsonBody::text);
    static final VideoField<Boolean> SIGNED_URLS_ENFORCED = plain("signed_urls_enforced", false, JsonBody::bool);

    /** What {@code PATCH /api/videos/{id}} may change. */
    static final List<VideoField<?>> UPDATABLE = List.of(LESSON_ID, TITLE, DESCRIPTION, DURATION, THUMBNAIL_URL,
            STATUS, PROCESSING_PROGRESS, ERROR_MESSAGE, METADATA, REQUIRE_SIGNED_URLS, AVAILABLE_FROM, AVAILABLE_UNTIL);

    private static <T> VideoField<T> plain(String name, boolean nullable, BiFunction<String, JsonNode, T> reader) {
        return new VideoField<>(name, nullable, reader, "", value -> value);
    }

    T optional(JsonBody body) {
        return body.optional(name, reader);
    }

    T required(JsonBody body) {
        return body.required(name, reader);
    }

    /** The SQL placeholder for parameter {@code position}, with the cast this column needs. */
    String placeholder(int position) {
        return "$" + position + cast;
    }

    /** The value to bind for this field; null stays null. */
    @SuppressWarnings("unchecked")
    Object sqlValue(Object value) {
        return value == null ? null : toSql.apply((T) value);
    }
}
