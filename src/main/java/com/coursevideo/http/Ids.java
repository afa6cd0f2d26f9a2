package com.coursevideo.http;

import java.util.UUID;

import com.coursevideo.error.VideoError;

/** Parses the UUIDs that clients put in paths and bodies, in their canonical 8-4-4-4-12 form only. */
public final class Ids {

    private Ids() {
    }

    /** @param name how the client knows the value, for the error detail */
    public static UUID parse(String name, String value) {
        if (!canonical(value)) {
            throw VideoError.invalidInput(name + " must be a UUID");
        }
        return UUID.fromString(value);
    }

    /** Whether the text is 8-4-4-4-12 hex digits (checked by hand: it runs on every request, a regex costs more). */
    public static boolean canonical(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !hexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
