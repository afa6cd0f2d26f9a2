package com.coursevideo.http;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;

import com.coursevideo.error.VideoError;

/**
 * A language as clients name one (a caption's, a search's {@code missing_caption}): a BCP 47 tag of
 * the form language[-Script][-REGION] whose language is an ISO 639-1 code ({@code en},
 * {@code pt-BR}, {@code zh-Hant}), kept in its canonical case. Tags with variants, extensions or
 * private use are refused: Cloudflare labels a caption by its tag, and players match captions to
 * their users by language and region.
 */
public final class LanguageTag {

    private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());

    private LanguageTag() {
    }

    /** The canonical tag ({@code pt-br} becomes {@code pt-BR}); {@code INVALID_INPUT} for an unsupported one. */
    public static String parse(String field, String tag) {
        Locale locale;
        try {
            locale = tag == null || tag.length() > 16 ? null : new Locale.Builder().setLanguageTag(tag).build();
        } catch (IllformedLocaleException illFormed) {
            locale = null;
        }
        if (locale == null || locale.getLanguage().length() != 2 || !ISO_639_1.contains(locale.getLanguage())
                || !locale.getVariant().isEmpty() || locale.hasExtensions()) {
            throw VideoError.invalidInput(field + " must be a BCP 47 tag such as en or pt-BR: language[-Script][-REGION]");
        }
        return locale.toLanguageTag();
    }
}
