package com.coursevideo.video;

import static com.coursevideo.video.VideoField.DESCRIPTION;
import static com.coursevideo.video.VideoField.LESSON_ID;
import static com.coursevideo.video.VideoField.REQUIRE_SIGNED_URLS;
import static com.coursevideo.video.VideoField.TITLE;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.coursevideo.cloudflare.TusMetadata;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.JsonBody;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated upload request: the body of {@code POST /api/courses/{courseId}/videos/uploads}, or
 * the {@code Upload-Metadata} of {@code POST /api/courses/{courseId}/videos/tus}.
 */
record NewUpload(String lessonId, String title, String description, int maxDurationSeconds,
        boolean requireSignedUrls, ReleaseWindow window) {

    /** Cloudflare's longest video; a tus upload that names no {@code max_duration_seconds} may be this long. */
    static final int LONGEST_VIDEO_SECONDS = 21600;
    private static final List<String> TEXT_KEYS = List.of("lesson_id", "title", "description", "available_from",
            "available_until");

    static NewUpload read(JsonBody body) {
        return new NewUpload(
                LESSON_ID.required(body),
                TITLE.required(body),
                DESCRIPTION.optional(body),
                body.required("max_duration_seconds", JsonBody.integerBetween(1, LONGEST_VIDEO_SECONDS)),
                Objects.requireNonNullElse(REQUIRE_SIGNED_URLS.optional(body), false),
                ReleaseWindow.read(body));
    }

    /**
     * The tus header's pairs, judged like the JSON body's fields of the same names: the text keys
     * as strings, {@code max_duration_seconds} as an integer (default 21600),
     * {@code require_signed_urls} as {@code true}, {@code false} or a flag without a value (true).
     * Other keys (a tus client's {@code filename}, {@code filetype}) are ignored.
     */
    static NewUpload readTus(String header) {
        Map<String, String> metadata;
        try {
            metadata = TusMetadata.parse(header);
        } catch (IllegalArgumentException malformed) {
            throw VideoError.invalidInput("Upload-Metadata is malformed: " + malformed.getMessage());
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        TEXT_KEYS.stream().filter(metadata::containsKey).forEach(key -> body.put(key, metadata.get(key)));
        String maxDuration = metadata.getOrDefault("max_duration_seconds", Integer.toString(LONGEST_VIDEO_SECONDS));
        try {
            body.put("max_duration_seconds", Integer.parseInt(maxDuration));
        } catch (NumberFormatException notANumber) {
            body.put("max_duration_seconds", maxDuration); // judged, and refused, as the text it is
        }
        String signed = metadata.get("require_signed_urls");
        if (signed != null) {
            switch (signed) {
                case "", "true" -> body.put("require_signed_urls", true);
                case "false" -> body.put("require_signed_urls", false);
                default -> throw VideoError.invalidInput("require_signed_urls must be true or false");
            }
        }
        return read(JsonBody.of(body));
    }
}
