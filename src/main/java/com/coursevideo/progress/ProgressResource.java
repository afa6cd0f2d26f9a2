package com.coursevideo.progress;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import com.coursevideo.access.Viewer;
import com.coursevideo.access.Viewers;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.BodyProblems;
import com.coursevideo.http.Ids;
import com.coursevideo.report.CsvCursor;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Learner progress: learners send heartbeats and read their own; admins read a course's and erase a learner's. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Viewer.ADMIN)
public class ProgressResource {

    private final ProgressService progress;
    private final Viewers viewers;

    ProgressResource(ProgressService progress, Viewers viewers) {
        this.progress = progress;
        this.viewers = viewers;
    }

    @PUT
    @Path("videos/{id}/progress")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Void>> heartbeat(@RestPath String id, Heartbeat body) {
        UUID videoId = Ids.parse("id", id);
        Heartbeat heartbeat = BodyProblems.required(body);
        return viewers.current().chain(viewer -> progress.heartbeat(viewer, videoId, heartbeat))
                .map(recorded -> RestResponse.noContent());
    }

    @GET
    @Path("videos/{id}/progress")
    @Authenticated
    public Uni<LearnerProgress> mine(@RestPath String id) {
        UUID videoId = Ids.parse("id", id);
        return viewers.current().chain(viewer -> progress.mine(viewer, videoId));
    }

    @GET
    @Path("courses/{courseId}/progress")
    @Authenticated
    public Uni<List<LearnerProgress>> ofCourse(@RestPath String courseId) {
        UUID course = Ids.parse("courseId", courseId);
        return viewers.current().chain(viewer -> progress.ofCourse(viewer, course));
    }

    @GET
    @Path("courses/{courseId}/progress/summary")
    public Uni<List<ProgressSummary>> summary(@RestPath String courseId) {
        return progress.summary(Ids.parse("courseId", courseId));
    }

    @GET
    @Path("courses/{courseId}/progress/export.csv")
    @Produces("text/csv;charset=utf-8")
    public RestMulti<String> export(@RestPath String courseId) {
        UUID course = Ids.parse("courseId", courseId);
        return RestMulti.fromUniResponse(progress.existingCourse(course),
                found -> Multi.createBy().concatenating().streams(
                        Multi.createFrom().item(CsvCursor.header(ProgressReads.EXPORT_HEADER)), progress.export(course)),
                found -> Map.of("Content-Disposition",
                        List.of("attachment; filename=\"course-" + course + "-progress.csv\"")));
    }

    /** {@code sub} may hold slashes, sent as {@code %2F} or not. */
    @DELETE
    @Path("learners/{sub: .+}/progress")
    public Uni<RestResponse<Void>> erase(@RestPath String sub) {
        if (sub.isEmpty() || sub.length() > 1024) {
            throw VideoError.invalidInput("sub must be the learner's token sub, 1 to 1024 characters");
        }
        return progress.erase(sub).map(erased -> RestResponse.noContent());
    }
}
