package com.coursevideo.video;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.access.Viewer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Cached video entries decoded once per text (course lists: {@code cache/DecodedEntries}): a cache hit hands over the JSON an admin is answered
 * with, and a learner's answer (and every visibility check) needs the video it holds and, for a
 * video that requires signed URLs, that JSON without the bare uid. The same text always holds the
 * same video, so the decoded video and the learner's JSON are kept beside the text (the text is the
 * key: an entry that changed is another text), for the most recently read {@link #LIMIT} texts.
 * A learner's cached read then costs what an admin's does, plus a map lookup and the visibility
 * check, instead of a decode and an encode.
 */
@ApplicationScoped
class LearnerViews {

    /** About 4 MB of texts, videos and learner texts at a kilobyte or so each. */
    static final int LIMIT = 4096;

    /** The video a cached text holds, and the JSON a learner is answered with. */
    record Decoded(CourseVideo video, String learnerJson) {
    }

    private final ObjectMapper json;
    private final Map<String, Decoded> decoded = new ConcurrentHashMap<>();

    LearnerViews(ObjectMapper json) {
        this.json = json;
    }

    Decoded of(String text) {
        Decoded known = decoded.get(text);
        if (known != null) {
            return known;
        }
        Decoded made = decode(text);
        if (decoded.size() >= LIMIT) {
            evictSome(decoded, LIMIT);
        }
        decoded.put(text, made);
        return made;
    }

    private Decoded decode(String text) {
        try {
            CourseVideo video = json.readValue(text, CourseVideo.class);
            CourseVideo seen = video.seenBy(LEARNER);
            return new Decoded(video, seen == video ? text : json.writeValueAsString(seen));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cached video that is not one", e);
        }
    }

    /** A sixteenth of the entries, whichever the map iterates first: cheap, and enough to make room. */
    private static void evictSome(Map<String, ?> map, int limit) {
        Iterator<String> texts = map.keySet().iterator();
        for (int i = 0; i < limit / 16 && texts.hasNext(); i++) {
            texts.next();
            texts.remove();
        }
    }

    /** Any learner: what {@link CourseVideo#seenBy} leaves out does not depend on which. */
    private static final Viewer LEARNER = new Viewer(false, null, Set.of());
}
