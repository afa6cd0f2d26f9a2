package com.coursevideo.video;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.coursevideo.error.VideoError;
import com.coursevideo.http.JsonBody;

/**
 * A validated {@code PATCH /api/videos/{id}} body: the fields it sets, each to a value or to
 * null (cleared). Fields it does not name stay as they are.
 */
record VideoPatch(Map<VideoField<?>, Object> changes) {

    boolean isEmpty() {
        return changes.isEmpty();
    }

    private static final Set<String> IMMUTABLE = Set.of("id", "course_id", "cloudflare_video_id", "created_at",
            "updated_at");
    private static final String UPDATABLE_NAMES = VideoField.UPDATABLE.stream().map(VideoField::name)
            .collect(Collectors.joining(", "));

    static VideoPatch read(JsonBody body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (IMMUTABLE.contains(name)) {
                throw VideoError.invalidInput(name + " cannot be changed");
            }
        }
        Map<VideoField<?>, Object> changes = new LinkedHashMap<>();
        for (VideoField<?> field : VideoField.UPDATABLE) {
            if (body.has(field.name())) {
                Object value = field.optional(body);
                if (value == null && !field.nullable()) {
                    throw VideoError.invalidInput(field.name() + " cannot be null");
                }
                changes.put(field, value);
            }
        }
        if (changes.isEmpty()) {
            throw VideoError.invalidInput("the body changes nothing: send at least one of " + UPDATABLE_NAMES);
        }
        // a video that becomes ready is fully processed, unless the client says otherwise (and is refused)
        if (changes.get(VideoField.STATUS) == VideoStatus.READY) {
            changes.putIfAbsent(VideoField.PROCESSING_PROGRESS, 100);
        }
        return new VideoPatch(changes);
    }
}
