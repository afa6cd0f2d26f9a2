package com.coursevideo.events;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.database.PgFailures;
import com.coursevideo.database.Rows;
import com.coursevideo.work.Outcome;
import com.coursevideo.work.WorkQueue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What happened, for the course platform: the one writer of {@code webhook_events} and
 * {@code webhook_deliveries}. The owner of a change records its event through the connection of the transaction that
 * makes the change ({@link #record}), so the event exists exactly when the change does; one delivery
 * per endpoint subscribed to the type, and its job {@code webhook.deliver}, are written by the same
 * statement. No endpoint subscribed: nothing is stored.
 */
@ApplicationScoped
public class Events {

    public static final String VIDEO_READY = "video.ready";
    public static final String VIDEO_ERROR = "video.error";
    public static final String VIDEO_DELETED = "video.deleted";
    public static final String CAPTION_READY = "caption.ready";
    public static final String CAPTION_ERROR = "caption.error";
    public static final String PROGRESS_COMPLETED = "progress.completed";
    /** Every type an endpoint may subscribe to. */
    public static final Set<String> TYPES = Set.of(VIDEO_READY, VIDEO_ERROR, VIDEO_DELETED, CAPTION_READY, CAPTION_ERROR,
            PROGRESS_COMPLETED);

    private static final String RECORD = "WITH subscribed AS (SELECT id FROM webhook_endpoints WHERE NOT disabled AND $1 = ANY(events)),"
            + " recorded AS (INSERT INTO webhook_events (id, type, occurred_at, body) SELECT e.id, $1, $2, e.body"
            + " FROM unnest($3::uuid[], $4::text[]) AS e(id, body) WHERE EXISTS (SELECT 1 FROM subscribed)"
            + " ON CONFLICT (id) DO NOTHING RETURNING id),"
            + " started AS (INSERT INTO webhook_deliveries (id, endpoint_id, event_id)"
            + " SELECT gen_random_uuid(), subscribed.id, recorded.id FROM subscribed CROSS JOIN recorded RETURNING id)"
            + " " + WorkQueue.requestFrom(WebhookDeliveries.KIND, "id", "started");

    private final Pool pool;
    private final ObjectMapper json;

    Events(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /**
     * Records the event, through {@code client} (the connection of the transaction that makes the
     * change): its body is {@code {"id", "type", "occurred_at", "data"}}, {@code data} as the API shows it.
     */
    public Uni<Void> record(SqlClient client, String type, Object data) {
        return recordAll(client, type, List.of(data));
    }

    /**
     * Data whose event happens once: recorded twice (two writers seeing the same change at once),
     * it is one event, with one id ({@code type} and {@link #eventKey()} make it).
     */
    public interface Identified {

        String eventKey();
    }

    /** {@link #record} for many events of one type at once (one statement); an {@link Identified} event already recorded is left as it is. */
    public Uni<Void> recordAll(SqlClient client, String type, List<?> data) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("no event type " + type);
        }
        if (data.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        UUID[] ids = new UUID[data.size()];
        String[] bodies = new String[data.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = data.get(i) instanceof Identified identified
                    ? UUID.nameUUIDFromBytes((type + '\n' + identified.eventKey()).getBytes(StandardCharsets.UTF_8))
                    : UUID.randomUUID();
            bodies[i] = body(new EventBody(ids[i], type, now, data.get(i)));
        }
        return client.preparedQuery(RECORD).execute(Tuple.of(type, now, ids, bodies))
                .onFailure().transform(PgFailures::translate)
                .replaceWithVoid();
    }

    /** The endpoint's last 100 deliveries, newest first. */
    Uni<List<Delivery>> deliveries(UUID endpointId) {
        return query("SELECT " + Delivery.COLUMNS + " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id"
                + " WHERE d.endpoint_id = $1 ORDER BY d.created_at DESC, d.id LIMIT 100", Tuple.of(endpointId))
                .map(rows -> Rows.all(rows, Delivery::from));
    }

    /**
     * Tries the delivery again from the start (its 3 days and its backoff anew), whatever became of
     * it; null when the endpoint has no such delivery.
     */
    Uni<Delivery> redeliver(UUID endpointId, UUID deliveryId) {
        return query("WITH again AS (UPDATE webhook_deliveries SET started_at = clock_timestamp(), attempts_at_start = attempts,"
                + " failed_at = NULL, delivered_at = NULL, next_attempt_at = clock_timestamp()"
                + " WHERE id = $2 AND endpoint_id = $1 RETURNING *),"
                + " queued AS (" + WorkQueue.requestFrom(WebhookDeliveries.KIND, "id", "again") + ")"
                + " SELECT " + Delivery.COLUMNS + " FROM again d JOIN webhook_events e ON e.id = d.event_id",
                Tuple.of(endpointId, deliveryId))
                .map(rows -> Rows.first(rows, Delivery::from));
    }

    /**
     * One index lookup a delivery and one its event, whatever the tables' statistics say. Joined
     * plainly, the planner reads both tables whole while it believes them small (a fresh install, or
     * statistics of a quiet hour): 12 ms for a batch of 100 in the events benchmark, against 1 ms so.
     * {@code OFFSET 0} keeps each subquery from being merged into a join the planner may reorder.
     */
    static final String PENDING = "SELECT d.id, d.endpoint_id, d.attempts - d.attempts_at_start AS attempts_since_start,"
            + " d.started_at, w.url, w.disabled, w.secret,"
            + " CASE WHEN w.previous_secret_until > clock_timestamp() THEN w.previous_secret END AS previous_secret,"
            + " e.id AS event_id, e.body FROM unnest($1::uuid[]) AS wanted(id)"
            + " CROSS JOIN LATERAL (SELECT * FROM webhook_deliveries WHERE id = wanted.id AND delivered_at IS NULL"
            + " AND failed_at IS NULL OFFSET 0) d"
            + " JOIN webhook_endpoints w ON w.id = d.endpoint_id"
            + " CROSS JOIN LATERAL (SELECT id, body FROM webhook_events WHERE id = d.event_id OFFSET 0) e";

    /** A delivery still to make, with what it takes to make it; null when it is done, failed or gone. */
    Uni<Pending> pending(UUID deliveryId) {
        return pending(List.of(deliveryId)).map(all -> all.isEmpty() ? null : all.get(0));
    }

    /** {@link #pending(UUID)} of many deliveries in one query: those still to make. */
    Uni<List<Pending>> pending(List<UUID> deliveryIds) {
        return query(PENDING, Tuple.of(deliveryIds.toArray(UUID[]::new))).map(rows -> Rows.all(rows, Pending::from));
    }

    /** The endpoint answered 2xx: the write that records it, made with the delivery job's outcome. */
    static Outcome.Write delivered(UUID deliveryId, int status) {
        return new Outcome.Write("UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_error = NULL,"
                + " delivered_at = clock_timestamp(), next_attempt_at = NULL WHERE id = $1", Tuple.of(deliveryId, status));
    }

    /** The attempt failed; tried again {@code after} from now. */
    static Outcome.Write retry(UUID deliveryId, Integer status, String error, Duration after) {
        return new Outcome.Write("UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3,"
                + " next_attempt_at = clock_timestamp() + $4 * interval '1 millisecond' WHERE id = $1",
                Tuple.of(deliveryId, status, error, after.toMillis()));
    }

    /** Given up: the attempt failed (when {@code attempted}) and no other follows. */
    static Outcome.Write failed(UUID deliveryId, boolean attempted, Integer status, String error) {
        return new Outcome.Write("UPDATE webhook_deliveries SET attempts = attempts + CASE WHEN $2 THEN 1 ELSE 0 END,"
                + " last_status = CASE WHEN $2 THEN $3 ELSE last_status END, last_error = $4,"
                + " failed_at = clock_timestamp(), next_attempt_at = NULL WHERE id = $1",
                Tuple.of(deliveryId, attempted, status, error));
    }

    /** Makes the write on its own (when no job's outcome carries it). */
    Uni<Void> write(Outcome.Write write) {
        return query(write.sql(), write.arguments()).replaceWithVoid();
    }

    private Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).onFailure().transform(PgFailures::translate);
    }

    private String body(EventBody event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event's data cannot be written as JSON", e);
        }
    }

    /**
     * A delivery to make: where to, signed with which secrets, and what; {@code attemptsSinceStart}
     * failed since it (re)started at {@code startedAt}.
     */
    record Pending(UUID id, UUID endpointId, int attemptsSinceStart, OffsetDateTime startedAt, String url, boolean disabled,
            List<String> secrets, UUID eventId, String body) {

        static Pending from(Row row) {
            List<String> secrets = row.getString("previous_secret") == null ? List.of(row.getString("secret"))
                    : List.of(row.getString("secret"), row.getString("previous_secret"));
            return new Pending(row.getUUID("id"), row.getUUID("endpoint_id"), row.getInteger("attempts_since_start"),
                    row.getOffsetDateTime("started_at"), row.getString("url"), row.getBoolean("disabled"), secrets,
                    row.getUUID("event_id"), row.getString("body"));
        }
    }

    /** What an endpoint receives. */
    @RegisterForReflection
    record EventBody(UUID id, String type, OffsetDateTime occurredAt, Object data) {
    }
}
