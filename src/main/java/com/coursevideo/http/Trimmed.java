package com.coursevideo.http;

import com.coursevideo.error.VideoError;

/** Text from a query or a path (a search, a lesson key), without its surrounding white space. */
public final class Trimmed {

    private Trimmed() {
    }

    /** 1 to {@code max} characters once trimmed; {@code INVALID_INPUT} naming {@code name} otherwise. */
    public static String of(String name, String text, int max) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw VideoError.invalidInput(name + " must not be blank");
        }
        if (trimmed.codePointCount(0, trimmed.length()) > max) {
            throw VideoError.invalidInput(name + " must be at most " + max + " characters");
        }
        return trimmed;
    }
}
