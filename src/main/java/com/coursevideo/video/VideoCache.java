package com.coursevideo.video;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cache.CacheConfig;
import com.coursevideo.cache.CacheKey;
import com.coursevideo.cache.ReadThroughCache;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * The three cached families: a video by id, a course's video for a lesson, and a course's list per
 * status filter. A course's entries share the hash tag {@code {course:<id>}}, a video's by-id
 * entry has its own, {@code {video:<id>}}; each invalidation script touches one tag's keys.
 */
@ApplicationScoped
public class VideoCache {

    private final ReadThroughCache cache;
    private final CacheConfig config;
    /**
     * The JSON shape of cached values: it follows the columns a {@link CourseVideo} is read from,
     * so a release that adds or drops a field does not serve entries of the previous shape.
     */
    public static final String FORMAT = Integer.toHexString(CourseVideo.COLUMNS.hashCode());

    private final JavaType listType;

    VideoCache(ReadThroughCache cache, CacheConfig config, ObjectMapper json) {
        this.cache = cache;
        this.config = config;
        this.listType = json.getTypeFactory().constructCollectionType(List.class, CourseVideo.class);
    }

    /** The video as the JSON the API answers with (the cached text itself on a hit). */
    Uni<String> byIdJson(UUID videoId, Supplier<Uni<CourseVideo>> load) {
        return cache.getJson(videoKey(videoId), load);
    }

    Uni<String> byLessonJson(UUID courseId, String lessonId, Supplier<Uni<CourseVideo>> load) {
        return cache.getJson(lessonKey(courseId, lessonId), load);
    }

    /** @param filter {@code all} or a status */
    Uni<List<CourseVideo>> list(UUID courseId, String filter, Supplier<Uni<List<CourseVideo>>> load) {
        return cache.get(listKey(courseId, filter), listType, load);
    }

    Uni<String> listJson(UUID courseId, String filter, Supplier<Uni<List<CourseVideo>>> load) {
        return cache.getJson(listKey(courseId, filter), load);
    }

    /**
     * The one method every write path calls, after its transaction committed and before it
     * answers: pass the video's state before and after the write (either may be null), or each
     * video a course deletion removed. Never fails.
     */
    public Uni<Void> invalidate(Collection<VideoState> states) {
        Set<CacheKey> keys = new LinkedHashSet<>();
        for (VideoState state : states) {
            if (state == null) {
                continue;
            }
            keys.add(videoKey(state.videoId()));
            keys.add(lessonKey(state.courseId(), state.lessonId()));
            keys.add(listKey(state.courseId(), "all"));
            keys.add(listKey(state.courseId(), state.status().value()));
        }
        return cache.invalidate(keys);
    }

    public Uni<Void> invalidate(VideoState before, VideoState after) {
        return invalidate(Arrays.asList(before, after));
    }

    private CacheKey videoKey(UUID videoId) {
        return new CacheKey("video", FORMAT, config.keyPrefix() + "{video:" + videoId + "}", config.videoTtl());
    }

    /**
     * The lesson id goes into the key base64url-encoded: whatever it holds (a {@code :gen} at its
     * end, braces, spaces), the key can be no other entry's, nor any entry's generation key.
     */
    private CacheKey lessonKey(UUID courseId, String lessonId) {
        return new CacheKey("lesson", FORMAT, config.keyPrefix() + "{course:" + courseId + "}:lesson:" + encoded(lessonId),
                config.videoTtl());
    }

    static String encoded(String lessonId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lessonId.getBytes(StandardCharsets.UTF_8));
    }

    private CacheKey listKey(UUID courseId, String filter) {
        return new CacheKey("list", FORMAT, config.keyPrefix() + "{course:" + courseId + "}:list:" + filter,
                config.listTtl());
    }
}
