package com.coursevideo.dev.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.vertx.core.json.JsonObject;

/** One language of a fake video's captions: uploaded (ready at once) or generated (ready after the processing time). */
final class FakeCaption {

    final String language;
    final boolean generated;
    final Instant created;
    final String uploadedText;
    /** A status set by a test; null: derived from the time since creation. */
    volatile String pinnedStatus;

    private FakeCaption(String language, boolean generated, Instant created, String uploadedText) {
        this.language = language;
        this.generated = generated;
        this.created = created;
        this.uploadedText = uploadedText;
    }

    static FakeCaption uploaded(String language, String text) {
        return new FakeCaption(language, false, Instant.now(), text);
    }

    static FakeCaption generated(String language) {
        return new FakeCaption(language, true, Instant.now(), null);
    }

    String status(Instant now, Duration processing) {
        if (pinnedStatus != null) {
            return pinnedStatus;
        }
        return !generated || !now.isBefore(created.plus(processing)) ? "ready" : "inprogress";
    }

    /** The WebVTT file; generated captions say what generated them. */
    String text() {
        return generated ? "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nGenerated captions (" + language + ")\n" : uploadedText;
    }

    /** As Cloudflare labels captions: the language's name in itself, "(auto-generated)" when generated. */
    JsonObject toJson(Instant now, Duration processing) {
        Locale locale = Locale.forLanguageTag(language);
        String name = locale.getDisplayName(locale);
        String label = (name.isEmpty() ? language : name) + (generated ? " (auto-generated)" : "");
        JsonObject json = new JsonObject().put("language", language).put("label", label).put("generated", generated);
        if (generated) {
            json.put("status", status(now, processing));
        }
        return json;
    }
}
