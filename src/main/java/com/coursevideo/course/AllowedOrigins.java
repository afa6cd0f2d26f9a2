package com.coursevideo.course;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.coursevideo.error.VideoError;

/**
 * A course's {@code allowed_origins}: at most 20 host names the player may be embedded on, as
 * Cloudflare takes them: {@code example.com}, {@code *.example.com} (its subdomains), a port where
 * needed ({@code localhost:3000}); no scheme, no path. Lower case, each once, in the order given.
 */
final class AllowedOrigins {

    static final int MOST = 20;
    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    /** A host name, or {@code *.} and a domain of two labels at least (not a whole top-level domain); a port up to 65535. */
    private static final Pattern ORIGIN = Pattern.compile("(?:(?:" + LABEL + "\\.)*|\\*\\.(?:" + LABEL + "\\.)+)" + LABEL
            + "(?::(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?");

    private AllowedOrigins() {
    }

    /** The origins, checked and normalised; INVALID_INPUT naming the first that is not a host name. Null stays null. */
    static List<String> of(List<String> origins) {
        if (origins == null) {
            return null;
        }
        if (origins.size() > MOST) {
            throw VideoError.invalidInput("allowed_origins must list at most " + MOST + " host names");
        }
        List<String> normalised = new ArrayList<>();
        for (String origin : origins) {
            String host = origin == null ? "" : origin.strip().toLowerCase(Locale.ROOT);
            if (host.length() > 253 || !ORIGIN.matcher(host).matches()) {
                throw VideoError.invalidInput("allowed_origins must hold host names such as example.com or *.example.com"
                        + " (no scheme or path), not " + (origin == null ? "null" : "\"" + shortened(origin) + "\""));
            }
            if (!normalised.contains(host)) {
                normalised.add(host);
            }
        }
        return List.copyOf(normalised);
    }

    private static String shortened(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "…" : text;
    }
}
