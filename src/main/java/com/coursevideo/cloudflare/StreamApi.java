package com.coursevideo.cloudflare;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import io.smallrye.mutiny.Uni;

/**
 * The Stream endpoints the service calls. Requests are typed records; answers stay text, which
 * {@link CloudflareStream} reads into typed records itself, so that a failure status or a body that
 * is not JSON is a Cloudflare error it can name, not an exception from deep inside the client.
 */
@RegisterRestClient
@Path("/accounts/{accountId}/stream")
interface StreamApi {

    @GET
    Uni<RestResponse<String>> listByCreator(@RestPath String accountId, @RestQuery String creator,
            @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/{uid}")
    Uni<RestResponse<String>> video(@RestPath String accountId, @RestPath String uid,
            @HeaderParam("Authorization") String authorization);

    @DELETE
    @Path("/{uid}")
    Uni<RestResponse<String>> delete(@RestPath String accountId, @RestPath String uid,
            @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/{uid}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> update(@RestPath String accountId, @RestPath String uid,
            @HeaderParam("Authorization") String authorization, CloudflareAnswers.VideoUpdate body);

    @GET
    @Path("/{uid}/downloads")
    Uni<RestResponse<String>> downloads(@RestPath String accountId, @RestPath String uid,
            @HeaderParam("Authorization") String authorization);

    /** Cloudflare requires a JSON body, an empty object. */
    @POST
    @Path("/{uid}/downloads")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> createDownload(@RestPath String accountId, @RestPath String uid,
            @HeaderParam("Authorization") String authorization, java.util.Map<String, Object> body);

    @DELETE
    @Path("/{uid}/downloads/default")
    Uni<RestResponse<String>> deleteDownload(@RestPath String accountId, @RestPath String uid,
            @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/direct_upload")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<String>> directUpload(@RestPath String accountId,
            @HeaderParam("Authorization") String authorization, CloudflareAnswers.DirectUploadRequest body);

    /** One page of the whole library, by creation time: {@code after} (exclusive), oldest first when {@code asc}. */
    @GET
    Uni<RestResponse<String>> library(@RestPath String accountId, @RestQuery boolean asc, @RestQuery String after,
            @RestQuery int limit, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/storage-usage")
    Uni<RestResponse<String>> storageUsage(@RestPath String accountId, @HeaderParam("Authorization") String authorization);

    /** tus: an upload of {@code uploadLength} bytes; 201 with {@code Location} and {@code stream-media-id}. */
    @POST
    Uni<RestResponse<String>> tusUpload(@RestPath String accountId, @RestQuery("direct_user") boolean directUser,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Tus-Resumable") String tusResumable,
            @HeaderParam("Upload-Length") long uploadLength, @HeaderParam("Upload-Metadata") String uploadMetadata,
            @HeaderParam("Upload-Creator") String uploadCreator);

    @GET
    @Path("/{uid}/captions")
    Uni<RestResponse<String>> captions(@RestPath String accountId, @RestPath String uid,
            @HeaderParam("Authorization") String authorization);

    @PUT
    @Path("/{uid}/captions/{language}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<RestResponse<String>> uploadCaption(@RestPath String accountId, @RestPath String uid, @RestPath String language,
            @HeaderParam("Authorization") String authorization, ClientMultipartForm form);

    @POST
    @Path("/{uid}/captions/{language}/generate")
    Uni<RestResponse<String>> generateCaption(@RestPath String accountId, @RestPath String uid, @RestPath String language,
            @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/{uid}/captions/{language}/vtt")
    Uni<RestResponse<String>> captionFile(@RestPath String accountId, @RestPath String uid, @RestPath String language,
            @HeaderParam("Authorization") String authorization);

    @DELETE
    @Path("/{uid}/captions/{language}")
    Uni<RestResponse<String>> deleteCaption(@RestPath String accountId, @RestPath String uid, @RestPath String language,
            @HeaderParam("Authorization") String authorization);
}
