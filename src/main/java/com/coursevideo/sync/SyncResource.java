package com.coursevideo.sync;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.coursevideo.access.Viewer;

import io.smallrye.mutiny.Uni;

@Path("/api/videos/sync")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Viewer.ADMIN)
public class SyncResource {

    private final ManualSync sync;

    SyncResource(ManualSync sync) {
        this.sync = sync;
    }

    /** Every video Cloudflare is processing synced before the answer: {@code {"synced": n, "failed": m}}. */
    @POST
    public Uni<ManualSync.Result> syncNow() {
        return sync.syncNow();
    }
}
