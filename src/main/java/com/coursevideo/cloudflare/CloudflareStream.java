package com.coursevideo.cloudflare;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.coursevideo.cloudflare.CloudflareBudget.Priority;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;

/**
 * The one way into Cloudflare Stream: bearer auth, Cloudflare's {@code success/errors/result}
 * envelope, a timeout per attempt, retries with backoff for idempotent calls after a 5xx or a
 * timeout, one wait-and-retry on a short 429 {@code Retry-After}, and a circuit breaker. Every
 * failure leaves here as {@code CLOUDFLARE_ERROR}; the token never appears in a log or an error.
 */
@ApplicationScoped
public class CloudflareStream {

    private static final Logger LOG = Logger.getLogger(CloudflareStream.class);
    private static final MediaType TEXT_VTT = MediaType.valueOf("text/vtt");

    private final StreamAccount account;
    private final CloudflareBudget budget;
    private final CloudflareConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final StreamApi api;
    private final TypedGuard<Uni<JsonNode>> breaker;

    CloudflareStream(StreamAccount account, CloudflareBudget budget, CloudflareConfig config, ObjectMapper json,
            MeterRegistry metrics) {
        this.account = account;
        this.budget = budget;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(account.apiBaseUrl()))
                .connectTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                // statuses are read by this class, not turned into exceptions by the client
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(StreamApi.class);
        this.breaker = TypedGuard.create(new TypeLiteral<Uni<JsonNode>>() {
        })
                .withCircuitBreaker()
                .requestVolumeThreshold(config.breakerWindow())
                .failureRatio(config.breakerFailureRatio())
                .delay(config.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                // Cloudflare's answer about one request (404, 400) says nothing of its health, a 429 or
                // our own spent budget says it is busy, not failing: none of them opens the breaker
                .when(failure -> !(failure instanceof Refused || failure instanceof RateLimited
                        || failure instanceof CloudflareBudget.Spent))
                .onStateChange(state -> LOG.infof("Cloudflare circuit breaker %s", state))
                .done()
                .build();
    }

    /**
     * The video's live state at Cloudflare, or null when Cloudflare does not know the uid (a 404
     * with Cloudflare's envelope; any other 404 is a {@code CLOUDFLARE_ERROR}).
     */
    public Uni<StreamVideo> video(String uid, Priority priority) {
        return call("get", priority, true, () -> api.video(account.accountId(), uid, account.authorization()))
                .map(result -> result == null ? null : read(result, StreamVideo.class));
    }

    /** The uids of the videos made with this {@code creator} (at most 1,000, Cloudflare's page). */
    public Uni<List<String>> uidsByCreator(String creator, Priority priority) {
        return call("list", priority, true, () -> api.listByCreator(account.accountId(), creator, account.authorization()))
                .map(result -> {
                    if (result == null || !result.isArray()) {
                        throw nonsense("list", "result is not an array");
                    }
                    List<String> uids = new ArrayList<>();
                    result.forEach(video -> uids.add(video.path("uid").asText()));
                    return uids;
                });
    }

    /**
     * Up to 1,000 videos of the library created after {@code after} (all, when null), oldest first:
     * Cloudflare's largest page. An item without a uid or a readable {@code created} is nonsense.
     */
    public Uni<List<LibraryVideo>> library(Instant after, Priority priority) {
        return call("list", priority, true, () -> api.library(account.accountId(), true,
                after == null ? null : after.toString(), LIBRARY_PAGE, account.authorization()))
                .map(result -> {
                    if (result == null || !result.isArray()) {
                        throw nonsense("list", "result is not an array");
                    }
                    List<LibraryVideo> page = new ArrayList<>(result.size());
                    for (JsonNode video : result) {
                        try {
                            page.add(new LibraryVideo(video.path("uid").asText(), Instant.parse(video.path("created").asText()),
                                    video.path("status").path("state").asText(null),
                                    video.path("requireSignedURLs").asBoolean(false),
                                    video.path("meta").isObject() ? video.get("meta") : json.createObjectNode()));
                        } catch (java.time.format.DateTimeParseException unreadable) {
                            throw nonsense("list", "a video's created is not a date-time");
                        }
                    }
                    return page;
                });
    }

    /** Cloudflare's largest page of a list. */
    public static final int LIBRARY_PAGE = 1000;

    /** A video of the library, as a list item tells it. */
    public record LibraryVideo(String uid, Instant created, String state, boolean requireSignedUrls, JsonNode meta) {
    }

    /** The account's storage: minutes stored, the plan's limit, and how many videos. */
    public Uni<StorageUsage> storageUsage() {
        return call("storage_usage", Priority.USER, true, () -> api.storageUsage(account.accountId(), account.authorization()))
                .map(result -> {
                    if (result == null || !result.path("totalStorageMinutes").isNumber()) {
                        throw nonsense("storage_usage", "no totalStorageMinutes");
                    }
                    JsonNode limit = result.path("totalStorageMinutesLimit");
                    return new StorageUsage(result.get("totalStorageMinutes").asLong(),
                            limit.isNumber() ? limit.asLong() : null, result.path("videoCount").asLong(0));
                });
    }

    /** Cloudflare's figures, whole minutes as it sends them; no limit when it names none. */
    public record StorageUsage(long totalStorageMinutes, Long totalStorageMinutesLimit, long videoCount) {
    }

    /** Deletes the video at Cloudflare; a uid Cloudflare does not know counts as deleted. */
    public Uni<Void> delete(String uid, Priority priority) {
        return call("delete", priority, true, () -> api.delete(account.accountId(), uid, account.authorization()))
                .replaceWithVoid();
    }

    /**
     * Sets the video's {@code requireSignedURLs} ({@code POST /stream/{uid}}, idempotent); its video
     * object after the change, or null when Cloudflare does not know the uid.
     */
    public Uni<StreamVideo> requireSignedUrls(String uid, boolean required, Priority priority) {
        String body = json.createObjectNode().put("uid", uid).put("requireSignedURLs", required).toString();
        return call("update", priority, true, () -> api.update(account.accountId(), uid, account.authorization(), body))
                .map(result -> result == null ? null : read(result, StreamVideo.class));
    }

    /** The video's captions at Cloudflare, or null when Cloudflare does not know the uid. */
    public Uni<List<StreamCaption>> captions(String uid, Priority priority) {
        return call("captions", priority, true, () -> api.captions(account.accountId(), uid, account.authorization()))
                .map(result -> {
                    if (result == null) {
                        return null;
                    }
                    if (!result.isArray()) {
                        throw nonsense("captions", "result is not an array");
                    }
                    List<StreamCaption> captions = new ArrayList<>();
                    result.forEach(caption -> captions.add(read(caption, StreamCaption.class)));
                    return captions;
                });
    }

    /**
     * Uploads a WebVTT file as the video's captions in {@code language}, replacing any; null when
     * Cloudflare does not know the uid. Idempotent, so retried like the other idempotent calls.
     */
    public Uni<StreamCaption> uploadCaption(String uid, String language, String vtt) {
        Buffer file = Buffer.buffer(vtt, StandardCharsets.UTF_8.name());
        return call("caption_upload", Priority.USER, true, () -> api.uploadCaption(account.accountId(), uid, language,
                account.authorization(), ClientMultipartForm.create().binaryFileUpload("file", language + ".vtt", file, "text/vtt")))
                .map(result -> result == null ? null : read(result, StreamCaption.class));
    }

    /** Asks Cloudflare to generate captions in {@code language}; null when it does not know the uid. Not retried. */
    public Uni<StreamCaption> generateCaption(String uid, String language) {
        return call("caption_generate", Priority.USER, false,
                () -> api.generateCaption(account.accountId(), uid, language, account.authorization()))
                .map(result -> result == null ? null : read(result, StreamCaption.class));
    }

    /** The WebVTT text of the video's captions in {@code language}, or null when Cloudflare has none. */
    public Uni<String> captionFile(String uid, String language) {
        return call("caption_vtt", Priority.USER, true,
                () -> api.captionFile(account.accountId(), uid, language, account.authorization()))
                .map(result -> {
                    if (result != null && !result.isTextual()) {
                        throw nonsense("caption_vtt", "the file is not text/vtt");
                    }
                    return result == null ? null : result.asText();
                });
    }

    /** Deletes the captions in {@code language}; captions Cloudflare does not have count as deleted. */
    public Uni<Void> deleteCaption(String uid, String language, Priority priority) {
        return call("caption_delete", priority, true,
                () -> api.deleteCaption(account.accountId(), uid, language, account.authorization()))
                .replaceWithVoid();
    }

    /** A one-time upload URL for the admin's browser, and the uid the video will have. Not retried: each call makes a slot. */
    public Uni<DirectUpload> createDirectUpload(int maxDurationSeconds, Instant expiry, boolean requireSignedUrls,
            String creator, Map<String, String> meta) {
        ObjectNode body = json.createObjectNode()
                .put("creator", creator)
                .put("maxDurationSeconds", maxDurationSeconds)
                .put("expiry", expiry.truncatedTo(ChronoUnit.SECONDS).toString())
                .put("requireSignedURLs", requireSignedUrls);
        body.set("meta", json.valueToTree(meta));
        return call("direct_upload", Priority.USER, false,
                () -> api.directUpload(account.accountId(), account.authorization(), body.toString()))
                .map(result -> {
                    if (result == null || !result.path("uid").isTextual() || !result.path("uploadURL").isTextual()) {
                        throw nonsense("direct_upload", "no uid or uploadURL");
                    }
                    return new DirectUpload(result.get("uid").asText(), result.get("uploadURL").asText(), expiry);
                });
    }

    /**
     * A one-time tus upload of {@code length} bytes for the admin's browser ({@code direct_user}):
     * the upload URL is the answer's {@code Location}, the uid its {@code stream-media-id}.
     */
    public Uni<DirectUpload> createTusUpload(long length, int maxDurationSeconds, Instant expiry, boolean requireSignedUrls,
            String creator, String name) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("maxdurationseconds", Integer.toString(maxDurationSeconds));
        metadata.put("expiry", expiry.truncatedTo(ChronoUnit.SECONDS).toString());
        if (requireSignedUrls) {
            metadata.put("requiresignedurls", ""); // a flag: the key alone
        }
        return call("tus_upload", Priority.USER, false,
                () -> api.tusUpload(account.accountId(), true, account.authorization(), "1.0.0", length,
                        TusMetadata.format(metadata), creator),
                response -> {
                    if (response.getStatus() >= 300) {
                        return result("tus_upload", response); // throws: a failure status
                    }
                    // the body of a tus creation is empty: the answer is in its headers
                    return json.createObjectNode().put("uid", response.getHeaderString("stream-media-id"))
                            .put("uploadURL", response.getHeaderString("Location"));
                })
                .map(result -> {
                    String uid = result.path("uid").asText("");
                    if (!uid.matches("[0-9a-f]{32}") || !result.path("uploadURL").isTextual()) {
                        throw nonsense("tus_upload", "no stream-media-id or Location");
                    }
                    return new DirectUpload(uid, result.get("uploadURL").asText(), expiry);
                });
    }

    /**
     * One call with everything around it; the item is the envelope's {@code result}, or null
     * for a 404.
     */
    private Uni<JsonNode> call(String operation, Priority priority, boolean idempotent,
            Supplier<Uni<RestResponse<String>>> request) {
        return call(operation, priority, idempotent, request, response -> result(operation, response));
    }

    /** One call with everything around it; the item is what {@code read} makes of the answer. */
    private Uni<JsonNode> call(String operation, Priority priority, boolean idempotent,
            Supplier<Uni<RestResponse<String>>> request, Function<RestResponse<String>, JsonNode> read) {
        // every attempt takes a token from the fleet's budget first
        Uni<JsonNode> attempt = breaker.get(() -> budget.take(priority)
                .chain(() -> request.get()
                        .ifNoItem().after(config.timeout())
                        .failWith(() -> new TimeoutException("no answer in " + config.timeout())))
                .map(read));
        if (idempotent) {
            attempt = attempt.onFailure(CloudflareStream::isTransient)
                    .retry().withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(8))
                    .atMost(config.retries());
        }
        Uni<JsonNode> rateLimitedOnce = attempt;
        return attempt
                .onFailure(RateLimited.class).call(failure -> {
                    metrics.counter("video.cloudflare.rate_limited").increment();
                    return budget.pause(((RateLimited) failure).retryAfter);
                })
                .onFailure(RateLimited.class).recoverWithUni(failure -> waitOut((RateLimited) failure, rateLimitedOnce))
                .onFailure().invoke(failure -> metrics.counter("video.cloudflare.errors", "operation", operation,
                        "reason", failure.getClass().getSimpleName()).increment())
                .onFailure(failure -> !(failure instanceof VideoError)).transform(failure -> {
                    LOG.debugf("Cloudflare %s failed: %s", operation, failure.toString());
                    return new VideoError(ErrorCode.CLOUDFLARE_ERROR, describe(operation, failure));
                });
    }

    private Uni<JsonNode> waitOut(RateLimited limited, Uni<JsonNode> again) {
        if (limited.retryAfter.compareTo(config.maxRetryAfterWait()) > 0) {
            return Uni.createFrom().failure(limited);
        }
        if (limited.retryAfter.isZero()) {
            return again; // Mutiny refuses a delay of zero
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(limited.retryAfter).chain(() -> again);
    }

    private JsonNode result(String operation, RestResponse<String> response) {
        int status = response.getStatus();
        if (status == 404) {
            if (isCloudflareFailure(text(response))) {
                return null;
            }
            // a proxy's page or a wrong base URL says nothing about the video
            throw new Refused("Cloudflare Stream's " + operation + " answered HTTP 404 without Cloudflare's JSON envelope");
        }
        if (status == 429) {
            throw new RateLimited(retryAfter(response.getHeaderString("Retry-After")));
        }
        if (status >= 500) {
            throw new ServerError(status);
        }
        if (status < 300 && response.getMediaType() != null && TEXT_VTT.isCompatible(response.getMediaType())) {
            // a caption file: the one answer that is not Cloudflare's JSON envelope
            String text = text(response);
            return TextNode.valueOf(text == null ? "" : text);
        }
        JsonNode body;
        try {
            String text = text(response);
            body = text == null || text.isBlank()
                    ? json.createObjectNode().put("success", status < 300)
                    : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw nonsense(operation, "the body is not JSON");
        }
        if (status >= 400) {
            throw new Refused("Cloudflare Stream refused " + operation + " (HTTP " + status + firstError(body) + ")");
        }
        if (!body.path("success").asBoolean(false)) {
            throw nonsense(operation, "success is not true" + firstError(body));
        }
        return body.path("result");
    }

    /**
     * The body as text. The client leaves a failure status's body unconverted, as an input stream
     * over the bytes it already received (reading it does not block).
     */
    private static String text(RestResponse<?> response) {
        Object entity = response.getEntity();
        if (entity instanceof InputStream stream) {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            }
        }
        return (String) entity;
    }

    /** Cloudflare's own failure: its JSON envelope with {@code success: false}. */
    private boolean isCloudflareFailure(String body) {
        try {
            JsonNode envelope = body == null ? null : json.readTree(body);
            return envelope != null && envelope.path("success").isBoolean() && !envelope.get("success").asBoolean()
                    && envelope.path("errors").isArray();
        } catch (JsonProcessingException notJson) {
            return false;
        }
    }

    private <T> T read(JsonNode result, Class<T> type) {
        try {
            return json.treeToValue(result, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw nonsense("read", "a " + type.getSimpleName() + " is malformed");
        }
    }

    private static String firstError(JsonNode body) {
        JsonNode error = body.path("errors").path(0);
        return error.isMissingNode() ? "" : ", code " + error.path("code").asText() + ": " + error.path("message").asText();
    }

    private static Duration retryAfter(String header) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header == null ? "" : header.strip())));
        } catch (NumberFormatException e) {
            return Duration.ofMinutes(5); // Cloudflare blocks for 5 minutes when the header says nothing usable
        }
    }

    private static boolean isTransient(Throwable failure) {
        return failure instanceof ServerError || failure instanceof TimeoutException
                || failure instanceof IOException || failure instanceof VertxException
                || failure instanceof ProcessingException;
    }

    private static String describe(String operation, Throwable failure) {
        if (failure instanceof RateLimited limited) {
            return "Cloudflare Stream is rate limiting " + operation + "; retry after " + limited.retryAfter.toSeconds() + " s";
        }
        if (failure instanceof TimeoutException) {
            return "Cloudflare Stream did not answer " + operation + " in time";
        }
        if (failure instanceof Refused || failure instanceof ServerError || failure instanceof CloudflareBudget.Spent) {
            return failure.getMessage();
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return "Cloudflare Stream is failing; calls are paused for a while";
        }
        return "Cloudflare Stream could not be reached for " + operation;
    }

    private static VideoError nonsense(String operation, String what) {
        return new VideoError(ErrorCode.CLOUDFLARE_ERROR, "Cloudflare Stream answered " + operation + " with nonsense: " + what);
    }

    /** A new upload slot. */
    public record DirectUpload(String uid, String uploadUrl, Instant expiresAt) {
    }

    /** Cloudflare answered, but not with what was asked (a 4xx other than 404 and 429). */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private static final class ServerError extends RuntimeException {
        ServerError(int status) {
            super("Cloudflare Stream failed (HTTP " + status + ")", null, false, false);
        }
    }

    private static final class RateLimited extends RuntimeException {
        final Duration retryAfter;

        RateLimited(Duration retryAfter) {
            super("rate limited", null, false, false);
            this.retryAfter = retryAfter;
        }
    }
}
