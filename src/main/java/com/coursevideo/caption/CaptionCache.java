package com.coursevideo.caption;

import java.util.List;
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
 * A video's caption rows and caption files in Redis, beside the video's own entry (same hash slot),
 * with the guarantees of {@link ReadThroughCache}: every caption write invalidates the video's
 * list and that language's file before it answers.
 */
@ApplicationScoped
class CaptionCache {

    /** The JSON shape of cached caption lists: it follows the columns a {@link Caption} is read from. */
    private static final String FORMAT = Integer.toHexString(Caption.COLUMNS.hashCode());

    private final ReadThroughCache cache;
    private final CacheConfig config;
    private final JavaType listType;
    private final JavaType textType;

    CaptionCache(ReadThroughCache cache, CacheConfig config, ObjectMapper json) {
        this.cache = cache;
        this.config = config;
        this.listType = json.getTypeFactory().constructCollectionType(List.class, Caption.class);
        this.textType = json.constructType(String.class);
    }

    Uni<List<Caption>> list(UUID videoId, Supplier<Uni<List<Caption>>> load) {
        return cache.get(listKey(videoId), listType, load);
    }

    /** A caption file's WebVTT text. */
    Uni<String> file(UUID videoId, String language, Supplier<Uni<String>> load) {
        return cache.get(fileKey(videoId, language), textType, load);
    }

    /** Drops the video's caption list and its file in {@code language}. Never fails. */
    Uni<Void> invalidate(UUID videoId, String language) {
        return cache.invalidate(List.of(listKey(videoId), fileKey(videoId, language)));
    }

    private CacheKey listKey(UUID videoId) {
        return new CacheKey("captions", FORMAT, config.keyPrefix() + "{video:" + videoId + "}:captions", config.videoTtl());
    }

    private CacheKey fileKey(UUID videoId, String language) {
        // a canonical BCP 47 tag is letters, digits and '-' only: safe in a key as it is
        return new CacheKey("caption_file", "vtt", config.keyPrefix() + "{video:" + videoId + "}:vtt:" + language,
                config.videoTtl());
    }
}
