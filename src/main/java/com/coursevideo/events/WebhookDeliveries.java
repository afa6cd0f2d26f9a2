package com.coursevideo.events;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.coursevideo.work.Outcome;
import com.coursevideo.work.WorkHandler;
import com.coursevideo.work.WorkItem;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Jobs {@code webhook.deliver}, keyed by delivery id: one attempt to deliver an event to an
 * endpoint. A {@code 2xx} delivers it; {@code 410} disables the endpoint; anything else (another
 * status, a timeout, no connection, an address no longer allowed) is retried after about 5 s, 1 min,
 * 5 min, 30 min, 2 h, then every 6 h, until {@code events.give-up-after} from its start, then it is
 * failed. One endpoint never holds more than {@code events.per-endpoint-concurrency} of this
 * instance's workers ({@link EndpointPlaces}): a delivery that finds its endpoint busy waits in line
 * for a free place while the endpoint keeps answering, but one whose endpoint is stuck is put back
 * for 15–30 s at once, without an attempt (all of a claimed batch's in one statement, when the
 * endpoint is stuck as the batch is read), so a hanging endpoint delays only its own deliveries.
 */
@ApplicationScoped
public class WebhookDeliveries extends WorkHandler {

    public static final String KIND = "webhook.deliver";
    private static final Duration[] RETRIES = {Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(6)};

    private final Events events;
    private final Webhooks webhooks;
    private final WebhookSender sender;
    private final EventsConfig config;
    private final Vertx vertx;
    /** A delivery whose endpoint is stuck waits this long (up to twice) before it is looked at again. */
    private static final Duration STUCK_WAIT = Duration.ofSeconds(15);

    /** Deliveries read with the batch that claimed them, until their job takes them. */
    private final Map<UUID, Events.Pending> prepared = new ConcurrentHashMap<>();
    /** Each endpoint's places on this instance. */
    private final Map<UUID, EndpointPlaces> places = new ConcurrentHashMap<>();

    WebhookDeliveries(Events events, Webhooks webhooks, WebhookSender sender, EventsConfig config, Vertx vertx) {
        super(KIND, new Policy(100, config.concurrency(), Duration.ofMinutes(1), RETRIES[0], RETRIES[RETRIES.length - 1]));
        this.events = events;
        this.webhooks = webhooks;
        this.sender = sender;
        this.config = config;
        this.vertx = vertx;
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    static Duration retryAfter(int failures) {
        return RETRIES[Math.max(0, Math.min(failures, RETRIES.length) - 1)];
    }

    /**
     * Reads the claimed deliveries in one query; each job takes its own out of {@link #prepared}.
     * Those to an endpoint that is stuck now are given back at once, without an attempt.
     */
    @Override
    public Uni<Map<WorkItem, Duration>> prepare(List<WorkItem> batch) {
        Map<UUID, WorkItem> items = new HashMap<>();
        for (WorkItem item : batch) {
            items.put(UUID.fromString(item.key()), item);
        }
        return events.pending(List.copyOf(items.keySet())).map(all -> {
            Map<WorkItem, Duration> later = new HashMap<>();
            for (Events.Pending pending : all) {
                EndpointPlaces endpoint = places.get(pending.endpointId());
                if (endpoint != null && endpoint.stuck()) {
                    later.put(items.get(pending.id()), stuckWait());
                } else {
                    prepared.put(pending.id(), pending);
                }
            }
            return later;
        });
    }

    @Override
    public Uni<Outcome> perform(WorkItem item) {
        UUID id = UUID.fromString(item.key());
        Events.Pending read = prepared.remove(id);
        // a delivery its batch did not find is done, failed or gone: read again, it may have changed since
        return (read != null ? Uni.createFrom().item(read) : events.pending(id))
                .chain(pending -> pending == null ? Uni.createFrom().item(Outcome.done()) : attempt(pending));
    }

    private Uni<Outcome> attempt(Events.Pending pending) {
        if (pending.disabled()) {
            return recorded(Outcome.done(), Events.failed(pending.id(), false, null, "the endpoint is disabled"));
        }
        EndpointPlaces endpoint = places.computeIfAbsent(pending.endpointId(),
                id -> new EndpointPlaces(config.perEndpointConcurrency(), vertx));
        return endpoint.take().chain(taken -> !taken ? Uni.createFrom().item(Outcome.again(stuckWait()))
                : sender.send(pending.url(), pending.eventId().toString(), pending.secrets(), pending.body())
                        .onTermination().invoke(endpoint::leave)
                        .chain(answer -> settle(pending, answer)));
    }

    /** Looked at again in a while, not at every round: a stuck endpoint's backlog costs little. */
    private static Duration stuckWait() {
        return STUCK_WAIT.plusMillis(ThreadLocalRandom.current().nextLong(STUCK_WAIT.toMillis()));
    }

    private Uni<Outcome> settle(Events.Pending pending, WebhookSender.Answer answer) {
        if (answer.delivered()) {
            return recorded(Outcome.done(), Events.delivered(pending.id(), answer.status()));
        }
        String error = answer.error() != null ? answer.error() : "answered " + answer.status();
        if (answer.status() != null && answer.status() == 410) {
            // the delivery failed first, then the endpoint disabled: whoever sees it disabled sees why
            return events.write(Events.failed(pending.id(), true, 410, "answered 410 Gone: the endpoint is disabled"))
                    .chain(() -> webhooks.disable(pending.endpointId(), "answered 410 Gone"))
                    .replaceWith(Outcome.done());
        }
        // retried until the 3 days are up (the last wait cut to end there), then given up
        OffsetDateTime now = OffsetDateTime.now();
        OffsetDateTime giveUpAt = pending.startedAt().plus(config.giveUpAfter());
        if (!now.isBefore(giveUpAt)) {
            return recorded(Outcome.done(), Events.failed(pending.id(), true, answer.status(), error));
        }
        Duration backoff = retryAfter(pending.attemptsSinceStart() + 1);
        Duration left = Duration.between(now, giveUpAt);
        Duration wait = backoff.compareTo(left) > 0 ? left : backoff;
        return recorded(Outcome.failed(error, wait), Events.retry(pending.id(), answer.status(), error, wait));
    }

    /** The outcome, with the delivery log's write: the queue makes both in one statement. */
    private static Uni<Outcome> recorded(Outcome outcome, Outcome.Write logged) {
        return Uni.createFrom().item(outcome.with(logged));
    }
}
