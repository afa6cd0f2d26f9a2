package com.coursevideo.video;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.access.Viewer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Cached video entries (and course lists) decoded once per text: a cache hit hands over the JSON an admin is answered
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

    /** Course lists are fewer, and larger. */
    static final int LIST_LIMIT = 256;

    private final ObjectMapper json;
    private final JavaType listType;
    private final Map<String, Decoded> decoded = new ConcurrentHashMap<>();
    private final Map<String, List<CourseVideo>> lists = new ConcurrentHashMap<>();

    LearnerViews(ObjectMapper json) {
        this.json = json;
        this.listType = json.getTypeFactory().constructCollectionType(List.class, CourseVideo.class);
    }

    /** The videos a cached list text holds (the same list for the same text; not to be changed). */
    List<CourseVideo> list(String text) {
        List<CourseVideo> known = lists.get(text);
        if (known != null) {
            return known;
        }
        List<CourseVideo> made;
        try {
            made = List.copyOf(json.<List<CourseVideo>> readValue(text, listType));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cached list that is not one", e);
        }
        if (lists.size() >= LIST_LIMIT) {
            evictSome(lists, LIST_LIMIT);
        }
        lists.put(text, made);
        return made;
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
