package com.coursevideo.course;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import com.coursevideo.error.VideoError;
import com.coursevideo.http.BodyProblems;
import com.coursevideo.http.Created;
import com.coursevideo.http.Ids;
import com.coursevideo.http.Page;
import com.coursevideo.http.Trimmed;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Viewer.ADMIN)
public class CourseResource {

    private final CourseRepository courses;
    private final Viewers viewers;

    CourseResource(CourseRepository courses, Viewers viewers) {
        this.courses = courses;
        this.viewers = viewers;
    }

    @POST
    @Path("courses")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Course>> create(@Valid NewCourse body) {
        NewCourse course = BodyProblems.required(body);
        List<String> origins = AllowedOrigins.of(course.allowedOrigins());
        return courses.create(course.title(), origins == null ? List.of() : origins)
                .map(created -> Created.at("/api/courses/" + created.id(), created));
    }

    /** A page of courses by title (then id), {@code q} a substring of the title. */
    @GET
    @Path("courses")
    public Uni<RestResponse<List<Course>>> list(@RestQuery String q, @RestQuery String limit, @RestQuery String after,
            @Context UriInfo request) {
        Page page = Page.read(limit, after, Page.DEFAULT_LIMIT, 2);
        String search = q == null || q.isEmpty() ? null : Trimmed.of("q", q, 255);
        return courses.list(search, page)
                .map(found -> page.answer(found, request, course -> List.of(course.title(), course.id().toString())));
    }

    @PATCH
    @Path("courses/{courseId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Course> update(@RestPath String courseId, @Valid CourseChanges body) {
        var id = Ids.parse("courseId", courseId);
        CourseChanges changes = BodyProblems.required(body);
        if (changes.title() == null && changes.allowedOrigins() == null) {
            throw VideoError.invalidInput("the body changes nothing: send title or allowed_origins");
        }
        return courses.update(id, changes.title(), AllowedOrigins.of(changes.allowedOrigins()))
                .onItem().ifNull().failWith(() -> VideoError.courseNotFound(id));
    }

    /** Learners: only a course they are enrolled in. */
    @GET
    @Path("courses/{courseId}")
    @Authenticated
    public Uni<Course> get(@RestPath String courseId) {
        var id = Ids.parse("courseId", courseId);
        return viewers.current()
                .invoke(viewer -> viewer.requireEnrolled(id))
                .chain(() -> courses.find(id))
                .onItem().ifNull().failWith(() -> VideoError.courseNotFound(id));
    }

    @DELETE
    @Path("courses/{courseId}")
    public Uni<RestResponse<Void>> delete(@RestPath String courseId) {
        var id = Ids.parse("courseId", courseId);
        return courses.delete(id)
                .onItem().ifNull().failWith(() -> VideoError.courseNotFound(id))
                .map(deleted -> RestResponse.noContent());
    }
}
