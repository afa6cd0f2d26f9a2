package com.coursevideo.video;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;

import com.coursevideo.access.Viewer;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.Page;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * Reads of videos, through the cache, as each viewer may see them (writes are {@link VideoStore}'s).
 */
@ApplicationScoped
public class VideoService {

    private final VideoRepository videos;
    private final VideoCache cache;
    private final LearnerViews views;
    private final ObjectMapper json;
    private final SyncConfig sync;
    /** The length of the shortest JSON a video can have: a list text shorter than n + 1 of these holds at most n videos. */
    private final int smallestVideoJson;

    VideoService(VideoRepository videos, VideoCache cache, LearnerViews views, ObjectMapper json, SyncConfig sync) {
        this.videos = videos;
        this.cache = cache;
        this.views = views;
        this.json = json;
        this.sync = sync;
        // every field at its shortest: "" over null, {} over null, 0.0 over null, true over false
        OffsetDateTime epoch = Instant.EPOCH.atOffset(ZoneOffset.UTC);
        UUID zero = new UUID(0, 0);
        this.smallestVideoJson = json(new CourseVideo(zero, zero, "", "", "", "", 0.0, "", VideoStatus.READY, "", "",
                0, "", json.createObjectNode(), true, true, false, "", 0, null, null, epoch, epoch)).length();
    }

    /** A page of every course's videos (admins: not cached, as searches seldom repeat), with the Link to the next. */
    public Uni<RestResponse<List<CourseVideo>>> search(VideoSearch search, Page page, UriInfo request) {
        return videos.search(search, page, sync.stuckAfter())
                .map(found -> page.answer(found, request, search::cursor));
    }

    /** The video as stored (through the cache; a hit's text is decoded once, {@link LearnerViews}). */
    public Uni<CourseVideo> find(UUID id) {
        return cache.byIdJson(id, () -> videos.findById(id))
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(id))
                .map(text -> views.of(text).video());
    }

    /**
     * The video, when it exists for {@code viewer} now ({@code VIDEO_NOT_FOUND} otherwise), as
     * stored: with its uid, which playback needs to sign URLs.
     */
    public Uni<CourseVideo> findVisible(Viewer viewer, UUID id) {
        return find(id).invoke(video -> visible(viewer, video, () -> VideoError.videoNotFound(id)));
    }

    /** The video as {@code viewer} may see it now: {@code VIDEO_NOT_FOUND} when it does not exist for them. */
    public Uni<CourseVideo> find(Viewer viewer, UUID id) {
        return findVisible(viewer, id).map(video -> video.seenBy(viewer));
    }

    /**
     * {@link #find(Viewer, UUID)} as the API's JSON. An admin's cache hit is answered with the
     * stored text, without decoding it; a learner's with the learner's text kept beside it
     * ({@link LearnerViews}), once the video is known to exist for them.
     */
    public Uni<String> findJson(Viewer viewer, UUID id) {
        Uni<String> text = cache.byIdJson(id, () -> videos.findById(id))
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(id));
        return viewer.admin() ? text : text.map(found -> learnerJson(viewer, found, () -> VideoError.videoNotFound(id)));
    }

    private String learnerJson(Viewer viewer, String text, Supplier<VideoError> notFound) {
        LearnerViews.Decoded decoded = views.of(text);
        if (!decoded.video().existsFor(viewer, Instant.now())) {
            throw notFound.get();
        }
        return decoded.learnerJson();
    }

    /** The lesson's video as the API's JSON, as {@code viewer} may see it. */
    public Uni<String> findByLessonJson(Viewer viewer, UUID courseId, String lessonId) {
        viewer.requireEnrolled(courseId);
        Supplier<VideoError> notFound = () -> VideoError.lessonHasNoVideo(courseId, lessonId);
        Uni<String> text = cache.byLessonJson(courseId, lessonId, () -> videos.findByLesson(courseId, lessonId))
                .onItem().ifNull().failWith(notFound);
        return viewer.admin() ? text : text.map(found -> learnerJson(viewer, found, notFound));
    }

    /**
     * Every video of the course that exists for {@code viewer} now, as they may see it, in
     * {@code lesson_id} order (an admin: all of them; a learner: the ready ones of a course they are
     * enrolled in, {@code FORBIDDEN} for another course).
     */
    public Uni<List<CourseVideo>> listVisible(Viewer viewer, UUID courseId) {
        viewer.requireEnrolled(courseId);
        String filter = viewer.admin() ? "all" : "ready";
        VideoStatus status = viewer.admin() ? null : VideoStatus.READY;
        return cache.list(courseId, filter, () -> videos.listByCourse(courseId, status)).map(list -> visible(viewer, list));
    }

    /**
     * A page of the course's videos, by {@code lesson_id}, as the API's JSON array; @param filter
     * {@code all} or a status. An admin's first page is the cached text as stored when that text
     * is too short to hold more than a page; any other page is cut from the cached list.
     */
    public Uni<RestResponse<String>> listByCourseJson(Viewer viewer, UUID courseId, String filter, Page page,
            UriInfo request) {
        viewer.requireEnrolled(courseId);
        viewer.requireListable(filter);
        VideoStatus status = "all".equals(filter) ? null : VideoStatus.parse("status", filter);
        Supplier<Uni<List<CourseVideo>>> load = () -> videos.listByCourse(courseId, status);
        if (viewer.admin() && page.first()) {
            return cache.listJson(courseId, filter, load).chain(text -> text.length() < (page.limit() + 1L) * smallestVideoJson
                    ? Uni.createFrom().item(RestResponse.ok(text))
                    : cache.list(courseId, filter, load).map(list -> lessonPage(list, page, request)));
        }
        return cache.list(courseId, filter, load).map(list -> lessonPage(visible(viewer, list), page, request));
    }

    /** The page of {@code list} (in lesson order) after the cursor's lesson, with the Link to the next. */
    private RestResponse<String> lessonPage(List<CourseVideo> list, Page page, UriInfo request) {
        List<CourseVideo> rest = page.first() ? list
                : list.stream().filter(video -> byCodePoint(video.lessonId(), page.after(0)) > 0).toList();
        List<CourseVideo> rows = rest.size() > page.limit() ? rest.subList(0, page.limit() + 1) : rest;
        return page.answer(rows, request, video -> List.of(video.lessonId()), this::json);
    }

    /** The order of the {@code lesson_id} column (collation "C": code points). */
    private static int byCodePoint(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    public Uni<VideoStats> stats(UUID courseId) {
        return videos.stats(courseId);
    }

    /** The video as {@code viewer} may see it now; {@code notFound} when it does not exist for them. */
    private static CourseVideo visible(Viewer viewer, CourseVideo video, Supplier<VideoError> notFound) {
        if (!video.existsFor(viewer, Instant.now())) {
            throw notFound.get();
        }
        return video.seenBy(viewer);
    }

    /** The videos that exist for {@code viewer} now, as they may see them, in the same order. */
    private static List<CourseVideo> visible(Viewer viewer, List<CourseVideo> videos) {
        if (viewer.admin()) {
            return videos;
        }
        Instant now = Instant.now();
        return videos.stream().filter(video -> video.existsFor(viewer, now)).map(video -> video.seenBy(viewer)).toList();
    }

    private String json(Object answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + answer.getClass().getSimpleName(), e);
        }
    }
}
