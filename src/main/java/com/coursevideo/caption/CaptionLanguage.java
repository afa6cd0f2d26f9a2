package com.coursevideo.caption;

import java.util.Set;

import com.coursevideo.error.VideoError;
import com.coursevideo.http.LanguageTag;

/** The language of a caption: a {@link LanguageTag}, and for generated captions one Cloudflare can generate. */
final class CaptionLanguage {

    /** The languages Cloudflare documents for generated captions. */
    static final Set<String> GENERATABLE = Set.of("cs", "nl", "en", "fr", "de", "it", "ja", "ko", "pl", "pt", "ru", "es");

    private CaptionLanguage() {
    }

    /** The canonical tag ({@code pt-br} becomes {@code pt-BR}); {@code INVALID_INPUT} for an unsupported one. */
    static String parse(String tag) {
        return LanguageTag.parse("language", tag);
    }

    /** {@link #parse}, and one that Cloudflare can generate captions in. */
    static String parseGeneratable(String tag) {
        String language = parse(tag);
        if (!GENERATABLE.contains(language)) {
            throw VideoError.invalidInput("Cloudflare generates captions in " + String.join(", ", GENERATABLE.stream().sorted().toList())
                    + " only, not " + language);
        }
        return language;
    }
}
