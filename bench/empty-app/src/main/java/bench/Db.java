package bench;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** The one endpoint: a database-backed answer behind a verified bearer token, as the service's are. */
@Path("/db")
public class Db {

    private final Pool pool;

    Db(Pool pool) {
        this.pool = pool;
    }

    @GET
    @RolesAllowed("video-admin")
    public Uni<String> now() {
        return pool.query("SELECT now()::text").execute().map(rows -> rows.iterator().next().getString(0));
    }
}
