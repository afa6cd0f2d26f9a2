package com.coursevideo.database;

/** Patterns for {@code LIKE} and {@code ILIKE} from what a client typed, its wildcards taken literally. */
public final class Like {

    private Like() {
    }

    /** {@code %text%}, with {@code %}, {@code _} and the escape character {@code \} escaped. */
    public static String containing(String text) {
        StringBuilder pattern = new StringBuilder(text.length() + 8).append('%');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
