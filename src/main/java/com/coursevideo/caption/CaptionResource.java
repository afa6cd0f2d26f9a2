package com.coursevideo.caption;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import com.coursevideo.access.Viewer;
import com.coursevideo.access.Viewers;
import com.coursevideo.http.Ids;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** A video's captions: admins write them, admins and the learners who may see the video read them. */
@Path("/api/videos/{id}/captions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Viewer.ADMIN)
public class CaptionResource {

    static final String TEXT_VTT = "text/vtt";

    private final CaptionService captions;
    private final Viewers viewers;

    CaptionResource(CaptionService captions, Viewers viewers) {
        this.captions = captions;
        this.viewers = viewers;
    }

    @GET
    @Authenticated
    public Uni<List<Caption>> list(@RestPath String id) {
        UUID videoId = Ids.parse("id", id);
        return viewers.current().chain(viewer -> captions.list(viewer, videoId));
    }

    @GET
    @Path("{language}/vtt")
    @Authenticated
    @Produces(TEXT_VTT + ";charset=utf-8")
    public Uni<String> file(@RestPath String id, @RestPath String language) {
        UUID videoId = Ids.parse("id", id);
        return viewers.current().chain(viewer -> captions.file(viewer, videoId, language));
    }

    @PUT
    @Path("{language}")
    @Consumes(TEXT_VTT)
    public Uni<Caption> upload(@RestPath String id, @RestPath String language, byte[] body) {
        return captions.upload(Ids.parse("id", id), language, body);
    }

    @POST
    @Path("{language}/generate")
    public Uni<RestResponse<Caption>> generate(@RestPath String id, @RestPath String language) {
        return captions.generate(Ids.parse("id", id), language).map(caption -> RestResponse.accepted(caption));
    }

    @DELETE
    @Path("{language}")
    public Uni<RestResponse<Void>> delete(@RestPath String id, @RestPath String language) {
        return captions.delete(Ids.parse("id", id), language).map(deleted -> RestResponse.noContent());
    }
}
