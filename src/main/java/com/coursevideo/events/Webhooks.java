package com.coursevideo.events;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The one writer of {@code webhook_endpoints}, and its reads. A secret is returned only by the write that makes it. */
@ApplicationScoped
public class Webhooks {

    private final Pool pool;
    private final EventsConfig config;

    Webhooks(Pool pool, EventsConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** The new endpoint, with its secret. */
    Uni<Webhook> create(String url, List<String> events, String description) {
        String secret = WebhookSecret.generate();
        return query("INSERT INTO webhook_endpoints (id, url, events, description, secret) VALUES ($1, $2, $3, $4, $5)"
                + " RETURNING " + Webhook.COLUMNS,
                Tuple.of(UUID.randomUUID(), url, events.toArray(String[]::new), description, secret))
                .map(rows -> Rows.first(rows, Webhook::from).withSecret(secret));
    }

    Uni<List<Webhook>> list() {
        return query("SELECT " + Webhook.COLUMNS + " FROM webhook_endpoints ORDER BY created_at, id", Tuple.tuple())
                .map(rows -> Rows.all(rows, Webhook::from));
    }

    /** The endpoint, or null. */
    Uni<Webhook> find(UUID id) {
        return query("SELECT " + Webhook.COLUMNS + " FROM webhook_endpoints WHERE id = $1", Tuple.of(id))
                .map(rows -> Rows.first(rows, Webhook::from));
    }

    /** Deletes the endpoint and its deliveries (their queued jobs find nothing to do); false when there was none. */
    Uni<Boolean> delete(UUID id) {
        return query("DELETE FROM webhook_endpoints WHERE id = $1", Tuple.of(id)).map(rows -> rows.rowCount() > 0);
    }

    /**
     * A new secret for the endpoint, shown in the answer; the one it replaces keeps signing beside it
     * for {@code events.secret-overlap}. Null when there is no such endpoint.
     */
    Uni<Webhook> rotateSecret(UUID id) {
        String secret = WebhookSecret.generate();
        return query("UPDATE webhook_endpoints SET previous_secret = secret, secret = $2,"
                + " previous_secret_until = clock_timestamp() + $3 * interval '1 millisecond' WHERE id = $1"
                + " RETURNING " + Webhook.COLUMNS, Tuple.of(id, secret, config.secretOverlap().toMillis()))
                .map(rows -> Rows.first(rows, Webhook::from))
                .map(rotated -> rotated == null ? null : rotated.withSecret(secret));
    }

    /** The endpoint answered {@code 410 Gone}: nothing more is sent to it. */
    Uni<Void> disable(UUID id, String reason) {
        return query("UPDATE webhook_endpoints SET disabled = true, disabled_reason = $2 WHERE id = $1 AND NOT disabled",
                Tuple.of(id, reason)).replaceWithVoid();
    }

    private Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).onFailure().transform(PgFailures::translate);
    }
}
