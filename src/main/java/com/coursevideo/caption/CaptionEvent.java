package com.coursevideo.caption;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code data} of a {@code caption.ready} or {@code caption.error} event: the caption with its video's id. */
@RegisterForReflection
record CaptionEvent(UUID videoId, String language, String label, boolean generated, String status, OffsetDateTime updatedAt) {

    static CaptionEvent of(Caption caption) {
        return new CaptionEvent(caption.videoId(), caption.language(), caption.label(), caption.generated(), caption.status(),
                caption.updatedAt());
    }
}
