package com.coursevideo.http;

import java.util.UUID;
import java.util.regex.Pattern;

import com.coursevideo.error.VideoError;

/** Parses the UUIDs that clients put in paths and bodies, in their canonical 8-4-4-4-12 form only. */
public final class Ids {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    /** @param name how the client knows the value, for the error detail */
    public static UUID parse(String name, String value) {
        if (value == null || !CANONICAL.matcher(value).matches()) {
            throw VideoError.invalidInput(name + " must be a UUID");
        }
        return UUID.fromString(value);
    }
}
