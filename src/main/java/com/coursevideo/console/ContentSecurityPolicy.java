package com.coursevideo.console;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.cloudflare.StreamAccount;

/**
 * The console page's Content-Security-Policy: scripts and styles from this service only (no
 * inline script or style anywhere), API calls to this service, video and thumbnails from the
 * Cloudflare Stream delivery host ({@code blob:} for the media hls.js feeds the video element),
 * uploads to Cloudflare's upload hosts, and no framing.
 */
@ApplicationScoped
class ContentSecurityPolicy {

    private static final String CLOUDFLARE_API = "https://api.cloudflare.com";

    private final String header;

    ContentSecurityPolicy(StreamAccount account, ConsoleConfig config) {
        String delivery = originOf(account.deliveryBase());
        Set<String> uploads = new LinkedHashSet<>(config.uploadOrigins());
        String api = originOf(account.apiBaseUrl());
        if (!CLOUDFLARE_API.equals(api)) {
            uploads.add(api); // a stand-in for Cloudflare (the local fake) takes the uploads itself
        }
        header = String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' " + delivery,
                "media-src " + delivery + " blob:",
                "connect-src 'self' " + delivery + " " + String.join(" ", uploads),
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'");
    }

    /** The header's value. */
    String header() {
        return header;
    }

    /** {@code scheme://host[:port]} of a URL. */
    static String originOf(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
