package com.coursevideo.video;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import com.coursevideo.http.Ids;
import com.coursevideo.http.JsonBody;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class VideoResource {

    private final VideoService videos;

    VideoResource(VideoService videos) {
        this.videos = videos;
    }

    @POST
    @Path("videos")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<CourseVideo>> create(ObjectNode body) {
        NewVideo video = NewVideo.read(JsonBody.of(body));
        return videos.create(video)
                .map(created -> RestResponse.ResponseBuilder
                        .<CourseVideo>created(URI.create("/api/videos/" + created.id())).entity(created).build());
    }

    @GET
    @Path("videos/{id}")
    public Uni<CourseVideo> get(@RestPath String id) {
        return videos.find(Ids.parse("id", id));
    }

    @PATCH
    @Path("videos/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<CourseVideo> update(@RestPath String id, ObjectNode body) {
        UUID videoId = Ids.parse("id", id);
        return videos.update(videoId, VideoPatch.read(JsonBody.of(body)));
    }

    @DELETE
    @Path("videos/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath String id) {
        return videos.delete(Ids.parse("id", id)).map(deleted -> RestResponse.noContent());
    }

    @GET
    @Path("courses/{courseId}/videos")
    public Uni<List<CourseVideo>> listByCourse(@RestPath String courseId,
            @RestQuery @DefaultValue("ready") String status) {
        UUID course = Ids.parse("courseId", courseId);
        VideoStatus only = "all".equals(status) ? null : VideoStatus.parse("status", status);
        return videos.listByCourse(course, only);
    }

    @GET
    @Path("courses/{courseId}/videos/stats")
    public Uni<VideoStats> stats(@RestPath String courseId) {
        return videos.stats(Ids.parse("courseId", courseId));
    }

    /** {@code lessonId} may hold slashes, sent as {@code %2F} or not. */
    @GET
    @Path("courses/{courseId}/lessons/{lessonId: .+}/video")
    public Uni<CourseVideo> findByLesson(@RestPath String courseId, @RestPath String lessonId) {
        UUID course = Ids.parse("courseId", courseId);
        String lesson = JsonBody.trimmed("lessonId", lessonId, 255);
        return videos.findByLesson(course, lesson);
    }
}
