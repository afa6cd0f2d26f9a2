package com.coursevideo.video;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import com.coursevideo.access.Viewer;
import com.coursevideo.access.Viewers;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.BodyProblems;
import com.coursevideo.http.Created;
import com.coursevideo.http.Ids;
import com.coursevideo.http.Page;
import com.coursevideo.http.Trimmed;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Admins may call everything here; the reads marked {@code @Authenticated} answer learners too, as {@link Viewer} says. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Viewer.ADMIN)
public class VideoResource {

    private static final String TUS_RESUMABLE = "Tus-Resumable";
    private static final String TUS_VERSION = "1.0.0";
    private static final String STREAM_MEDIA_ID = "Stream-Media-Id";

    private final VideoService videos;
    private final VideoStore store;
    private final VideoSync sync;
    private final VideoPlaybacks playbacks;
    private final VideoUploads uploads;
    private final Viewers viewers;
    private final BodyProblems bodies;

    VideoResource(VideoService videos, VideoStore store, VideoSync sync, VideoPlaybacks playbacks, VideoUploads uploads,
            Viewers viewers, BodyProblems bodies) {
        this.videos = videos;
        this.store = store;
        this.sync = sync;
        this.playbacks = playbacks;
        this.uploads = uploads;
        this.viewers = viewers;
        this.bodies = bodies;
    }

    @POST
    @Path("videos")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<CourseVideo>> create(@Valid NewVideo body) {
        return store.create(BodyProblems.required(body))
                .map(created -> Created.at("/api/videos/" + created.id(), created));
    }

    /** Every course's videos, filtered and sorted as the query says, a page at a time. */
    @GET
    @Path("videos")
    public Uni<RestResponse<List<CourseVideo>>> search(@RestQuery("course_id") String courseId, @RestQuery String status,
            @RestQuery String q, @RestQuery("min_duration") String minDuration, @RestQuery("max_duration") String maxDuration,
            @RestQuery String signed, @RestQuery String stuck, @RestQuery("missing_caption") String missingCaption,
            @RestQuery String sort, @RestQuery String limit, @RestQuery String after, @Context UriInfo request) {
        VideoSearch search = VideoSearch.read(courseId, status, q, minDuration, maxDuration, signed, stuck, missingCaption, sort);
        return videos.search(search, Page.read(limit, after, Page.DEFAULT_LIMIT, 2), request);
    }

    // The reads answer with JSON text: a cache hit is sent as stored, without decoding it.
    @GET
    @Path("videos/{id}")
    @Authenticated
    public Uni<String> get(@RestPath String id) {
        UUID videoId = Ids.parse("id", id);
        return viewers.current().chain(viewer -> videos.findJson(viewer, videoId));
    }

    @PATCH
    @Path("videos/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<CourseVideo> update(@RestPath String id, ObjectNode body) {
        UUID videoId = Ids.parse("id", id);
        // a field left out and one sent as null read alike: the body as sent tells them apart
        VideoPatch patch = bodies.read(BodyProblems.required(body), VideoChanges.class).patch(body::has);
        return store.update(videoId, patch)
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(videoId))
                .map(VideoStore.Updated::video);
    }

    @DELETE
    @Path("videos/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath String id,
            @RestQuery("delete_from_cloudflare") @DefaultValue("true") String deleteFromCloudflare) {
        UUID videoId = Ids.parse("id", id);
        boolean fromCloudflare = switch (deleteFromCloudflare) {
            case "true" -> true;
            case "false" -> false;
            default -> throw VideoError.invalidInput("delete_from_cloudflare must be true or false");
        };
        return store.delete(videoId, fromCloudflare)
                .onItem().ifNull().failWith(() -> VideoError.videoNotFound(videoId))
                .map(deleted -> RestResponse.noContent());
    }

    @GET
    @Path("videos/{id}/playback")
    @Authenticated
    public Uni<VideoPlayback> playback(@RestPath String id) {
        UUID videoId = Ids.parse("id", id);
        return viewers.current().chain(viewer -> playbacks.of(viewer, videoId));
    }

    @POST
    @Path("videos/{id}/sync")
    public Uni<CourseVideo> sync(@RestPath String id) {
        return sync.sync(Ids.parse("id", id), Priority.USER);
    }

    @POST
    @Path("courses/{courseId}/videos/uploads")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<VideoUploads.Upload>> upload(@RestPath String courseId, @Valid NewUpload body) {
        UUID course = Ids.parse("courseId", courseId);
        return uploads.create(course, BodyProblems.required(body))
                .map(created -> Created.at("/api/videos/" + created.video().id(), created));
    }

    /**
     * tus creation (protocol 1.0.0): the browser's tus client names this as its endpoint and
     * uploads to the {@code Location} it answers, Cloudflare's one-time upload URL.
     */
    @POST
    @Path("courses/{courseId}/videos/tus")
    public Uni<RestResponse<CourseVideo>> tusUpload(@RestPath String courseId, @HeaderParam(TUS_RESUMABLE) String version,
            @HeaderParam("Upload-Length") String length, @HeaderParam("Upload-Metadata") String metadata) {
        UUID course = Ids.parse("courseId", courseId);
        if (!TUS_VERSION.equals(version)) {
            throw VideoError.invalidInput(TUS_RESUMABLE + " must be " + TUS_VERSION);
        }
        long bytes = uploadLength(length);
        NewUpload upload = bodies.read(NewUpload.tusFields(metadata), NewUpload.class);
        return uploads.createTus(course, upload, bytes)
                .map(created -> RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, created.video())
                        .location(URI.create(created.uploadUrl()))
                        .header(STREAM_MEDIA_ID, created.video().cloudflareVideoId())
                        .header(TUS_RESUMABLE, TUS_VERSION)
                        // a browser on another origin may read these (its tus client needs Location)
                        .header("Access-Control-Expose-Headers", "Location, " + STREAM_MEDIA_ID + ", " + TUS_RESUMABLE)
                        .build());
    }

    private static long uploadLength(String header) {
        try {
            long bytes = Long.parseLong(header == null ? "" : header.strip());
            if (bytes > 0) {
                return bytes;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw VideoError.invalidInput("Upload-Length must be the size of the file in bytes, at least 1");
    }

    @GET
    @Path("courses/{courseId}/videos")
    @Authenticated
    public Uni<RestResponse<String>> listByCourse(@RestPath String courseId,
            @RestQuery @DefaultValue("ready") String status, @RestQuery String limit, @RestQuery String after,
            @Context UriInfo request) {
        UUID course = Ids.parse("courseId", courseId);
        Page page = Page.read(limit, after, Page.MAX_LIMIT, 1);
        return viewers.current().chain(viewer -> videos.listByCourseJson(viewer, course, status, page, request));
    }

    @GET
    @Path("courses/{courseId}/videos/stats")
    public Uni<VideoStats> stats(@RestPath String courseId) {
        return videos.stats(Ids.parse("courseId", courseId));
    }

    /** {@code lessonId} may hold slashes, sent as {@code %2F} or not. */
    @GET
    @Path("courses/{courseId}/lessons/{lessonId: .+}/video")
    @Authenticated
    public Uni<String> findByLesson(@RestPath String courseId, @RestPath String lessonId) {
        UUID course = Ids.parse("courseId", courseId);
        String lesson = Trimmed.of("lessonId", lessonId, 255);
        return viewers.current().chain(viewer -> videos.findByLessonJson(viewer, course, lesson));
    }
}
