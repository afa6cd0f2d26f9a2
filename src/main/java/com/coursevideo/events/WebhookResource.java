package com.coursevideo.events;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import com.coursevideo.access.Viewer;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.coursevideo.http.BodyProblems;
import com.coursevideo.http.Created;
import com.coursevideo.http.Ids;

import io.smallrye.mutiny.Uni;

/** The course platform's endpoints for events, managed by admins: secrets, the delivery log, redelivery. */
@Path("/api/admin/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Viewer.ADMIN)
public class WebhookResource {

    private final Webhooks webhooks;
    private final Events events;
    private final EndpointAddresses addresses;

    WebhookResource(Webhooks webhooks, Events events, EndpointAddresses addresses) {
        this.webhooks = webhooks;
        this.events = events;
        this.addresses = addresses;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<Webhook>> create(@Valid NewWebhook body) {
        NewWebhook webhook = BodyProblems.required(body);
        List<String> types = webhook.events().stream().distinct().toList();
        types.stream().filter(type -> !Events.TYPES.contains(type)).findFirst().ifPresent(unknown -> {
            throw VideoError.invalidInput("events must list event types of " + Events.TYPES.stream().sorted().toList()
                    + ", not " + unknown);
        });
        return Uni.createFrom().item(() -> addresses.parse(webhook.url()))
                .chain(addresses::resolve)
                .onFailure(EndpointAddresses.Refused.class).transform(refused -> VideoError.invalidInput(refused.getMessage()))
                .chain(() -> webhooks.create(webhook.url(), types, webhook.description()))
                .map(created -> Created.at("/api/admin/webhooks/" + created.id(), created));
    }

    @GET
    public Uni<List<Webhook>> list() {
        return webhooks.list();
    }

    @GET
    @Path("{id}")
    public Uni<Webhook> get(@RestPath String id) {
        UUID webhookId = Ids.parse("id", id);
        return webhooks.find(webhookId).onItem().ifNull().failWith(() -> notFound(webhookId));
    }

    @DELETE
    @Path("{id}")
    public Uni<RestResponse<Void>> delete(@RestPath String id) {
        UUID webhookId = Ids.parse("id", id);
        return webhooks.delete(webhookId)
                .map(deleted -> {
                    if (!deleted) {
                        throw notFound(webhookId);
                    }
                    return RestResponse.noContent();
                });
    }

    @POST
    @Path("{id}/rotate-secret")
    public Uni<Webhook> rotateSecret(@RestPath String id) {
        UUID webhookId = Ids.parse("id", id);
        return webhooks.rotateSecret(webhookId).onItem().ifNull().failWith(() -> notFound(webhookId));
    }

    @GET
    @Path("{id}/deliveries")
    public Uni<List<Delivery>> deliveries(@RestPath String id) {
        UUID webhookId = Ids.parse("id", id);
        return webhooks.find(webhookId)
                .onItem().ifNull().failWith(() -> notFound(webhookId))
                .chain(() -> events.deliveries(webhookId));
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/redeliver")
    public Uni<RestResponse<Delivery>> redeliver(@RestPath String id, @RestPath String deliveryId) {
        UUID webhookId = Ids.parse("id", id);
        UUID delivery = Ids.parse("deliveryId", deliveryId);
        return events.redeliver(webhookId, delivery)
                .onItem().ifNull().failWith(() -> new VideoError(ErrorCode.WEBHOOK_NOT_FOUND,
                        "webhook " + webhookId + " has no delivery " + delivery))
                .map(again -> RestResponse.accepted(again));
    }

    private static VideoError notFound(UUID id) {
        return new VideoError(ErrorCode.WEBHOOK_NOT_FOUND, "webhook " + id + " not found");
    }
}
