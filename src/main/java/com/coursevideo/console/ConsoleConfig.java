package com.coursevideo.console;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The admin console and the player (served by {@link WebAssets}). */
@ConfigMapping(prefix = "video.console")
public interface ConsoleConfig {

    /**
     * Where the console's tus uploads send their bytes: Cloudflare's upload hosts. The console's
     * Content-Security-Policy lets it connect to these ({@code VIDEO_CONSOLE_UPLOAD_ORIGINS}).
     */
    @WithDefault("https://upload.videodelivery.net,https://upload.cloudflarestream.com")
    List<String> uploadOrigins();
}
