package com.coursevideo.cloudflare;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

import com.coursevideo.cloudflare.CloudflareAnswers.DirectUploadAnswer;
import com.coursevideo.cloudflare.CloudflareAnswers.DirectUploadRequest;
import com.coursevideo.cloudflare.CloudflareAnswers.Downloads;
import com.coursevideo.cloudflare.CloudflareAnswers.Envelope;
import com.coursevideo.cloudflare.CloudflareAnswers.Storage;
import com.coursevideo.cloudflare.CloudflareAnswers.VideoUpdate;
import com.coursevideo.cloudflare.budget.CloudflareBudget.Priority;
import com.coursevideo.cloudflare.budget.CloudflareBudget;
import com.coursevideo.error.ErrorCode;
import com.coursevideo.error.VideoError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;

/**
 * The one way into Cloudflare Stream: bearer auth, Cloudflare's {@code success/errors/result}
 * envelope read into typed records, a timeout per attempt, retries with backoff for idempotent
 * calls after a 5xx or a timeout, one wait-and-retry on a short 429 {@code Retry-After}, and a
 * circuit breaker. Every failure leaves here as {@code CLOUDFLARE_ERROR} with a fixed detail: what
 * Cloudflare said is logged, never sent on to a client; the token never appears in a log or an error.
 */
@ApplicationScoped
public class CloudflareStream {

    /** Cloudflare's largest page of a list. */
    public static final int LIBRARY_PAGE = 1000;

    private static final Logger LOG = Logger.getLogger(CloudflareStream.class);
    private static final MediaType TEXT_VTT = MediaType.valueOf("text/vtt");

    private final StreamAccount account;
    private final CloudflareBudget budget;
    private final CloudflareConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final StreamApi api;
    private final TypedGuard<Uni<Object>> breaker;
    private final JavaType anything;
    private final JavaType video;
    private final JavaType videos;
    private final JavaType caption;
    private final JavaType captions;
    private final JavaType downloads;
    private final JavaType directUpload;
    private final JavaType storage;

    CloudflareStream(StreamAccount account, CloudflareBudget budget, CloudflareConfig config, CloudflareJson json,
            MeterRegistry metrics) {
        this.account = account;
        this.budget = budget;
        this.config = config;
        this.json = json.mapper();
        this.metrics = metrics;
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(account.apiBaseUrl()))
                .connectTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                // statuses are read by this class, not turned into exceptions by the client
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(StreamApi.class);
        this.breaker = TypedGuard.create(new TypeLiteral<Uni<Object>>() {
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
        this.anything = envelopeOf(this.json.constructType(JsonNode.class));
        this.video = envelopeOf(this.json.constructType(StreamVideo.class));
        this.videos = envelopeOf(this.json.getTypeFactory().constructCollectionType(List.class, StreamVideo.class));
        this.caption = envelopeOf(this.json.constructType(StreamCaption.class));
        this.captions = envelopeOf(this.json.getTypeFactory().constructCollectionType(List.class, StreamCaption.class));
        this.directUpload = envelopeOf(this.json.constructType(DirectUploadAnswer.class));
        this.storage = envelopeOf(this.json.constructType(Storage.class));
        this.downloads = envelopeOf(this.json.constructType(Downloads.class));
    }

    private JavaType envelopeOf(JavaType result) {
        return json.getTypeFactory().constructParametricType(Envelope.class, result);
    }

    /**
     * The video's live state at Cloudflare, or null when Cloudflare does not know the uid (a 404
     * with Cloudflare's envelope; any other 404 is a {@code CLOUDFLARE_ERROR}).
     */
    public Uni<StreamVideo> video(String uid, Priority priority) {
        return this.<StreamVideo> call("get", priority, true, video,
                () -> api.video(account.accountId(), uid, account.authorization()));
    }

    /** The uids of the videos made with this {@code creator} (at most 1,000, Cloudflare's page). */
    public Uni<List<String>> uidsByCreator(String creator, Priority priority) {
        return this.<List<StreamVideo>> call("list", priority, true, videos,
                () -> api.listByCreator(account.accountId(), creator, account.authorization()))
                .map(found -> listed("list", found).stream().map(StreamVideo::uid).toList());
    }

    /**
     * Up to 1,000 videos of the library created after {@code after} (all, when null), oldest first:
     * Cloudflare's largest page. An item without a uid or a {@code created} is nonsense.
     */
    public Uni<List<LibraryVideo>> library(Instant after, Priority priority) {
        return this.<List<StreamVideo>> call("list", priority, true, videos, () -> api.library(account.accountId(), true,
                after == null ? null : after.toString(), LIBRARY_PAGE, account.authorization()))
                .map(found -> listed("list", found).stream().map(item -> {
                    if (item.uid() == null || item.created() == null) {
                        throw nonsense("list", "a video without a uid or a created");
                    }
                    return new LibraryVideo(item.uid(), item.created(), item.state(), Boolean.TRUE.equals(item.requireSignedUrls()),
                            item.meta() != null && item.meta().isObject() ? item.meta() : json.createObjectNode());
                }).toList());
    }

    /** A video of the library, as a list item tells it. */
    public record LibraryVideo(String uid, Instant created, String state, boolean requireSignedUrls, JsonNode meta) {
    }

    /** The account's storage: minutes stored, the plan's limit, and how many videos. */
    public Uni<StorageUsage> storageUsage() {
        return this.<Storage> call("storage_usage", Priority.USER, true, storage,
                () -> api.storageUsage(account.accountId(), account.authorization()))
                .map(found -> {
                    if (found == null || found.totalStorageMinutes() == null) {
                        throw nonsense("storage_usage", "no totalStorageMinutes");
                    }
                    return new StorageUsage(found.totalStorageMinutes(), found.totalStorageMinutesLimit(),
                            found.videoCount() == null ? 0 : found.videoCount());
                });
    }

    /** Cloudflare's figures, whole minutes as it sends them; no limit when it names none. */
    public record StorageUsage(long totalStorageMinutes, Long totalStorageMinutesLimit, long videoCount) {
    }

    /** Deletes the video at Cloudflare; a uid Cloudflare does not know counts as deleted. */
    public Uni<Void> delete(String uid, Priority priority) {
        return call("delete", priority, true, anything, () -> api.delete(account.accountId(), uid, account.authorization()))
                .replaceWithVoid();
    }

    /**
     * Sets the video's {@code requireSignedURLs} ({@code POST /stream/{uid}}, idempotent); its video
     * object after the change, or null when Cloudflare does not know the uid.
     */
    public Uni<StreamVideo> requireSignedUrls(String uid, boolean required, Priority priority) {
        VideoUpdate update = new VideoUpdate(uid, required, null, null);
        return this.<StreamVideo> call("update", priority, true, video,
                () -> api.update(account.accountId(), uid, account.authorization(), update));
    }

    /**
     * Sets the settings a video's row holds ({@code POST /stream/{uid}}, idempotent):
     * {@code requireSignedURLs}, {@code thumbnailTimestampPct} and {@code allowedOrigins} (its course's).
     * Its video object after the change, or null when Cloudflare does not know the uid.
     */
    public Uni<StreamVideo> updateSettings(String uid, boolean requireSignedUrls, double thumbnailTimestampPct,
            List<String> allowedOrigins, Priority priority) {
        VideoUpdate update = new VideoUpdate(uid, requireSignedUrls, thumbnailTimestampPct, allowedOrigins);
        return this.<StreamVideo> call("update", priority, true, video,
                () -> api.update(account.accountId(), uid, account.authorization(), update));
    }

    /**
     * The status of the video's default MP4 download ({@code inprogress}, {@code ready}, {@code error}),
     * {@code none} when it has none; null when Cloudflare does not know the uid.
     */
    public Uni<String> downloadStatus(String uid, Priority priority) {
        return this.<Downloads> call("downloads", priority, true, downloads,
                () -> api.downloads(account.accountId(), uid, account.authorization()))
                .map(found -> found == null ? null : mp4Status("downloads", found));
    }

    /** Asks Cloudflare for the video's default MP4 download (idempotent); its status, null when Cloudflare does not know the uid. */
    public Uni<String> createDownload(String uid, Priority priority) {
        return this.<Downloads> call("download_create", priority, true, downloads,
                () -> api.createDownload(account.accountId(), uid, account.authorization(), Map.of()))
                .map(found -> found == null ? null : mp4Status("download_create", found));
    }

    /** Deletes the video's default MP4 download; one Cloudflare does not have counts as deleted. */
    public Uni<Void> deleteDownload(String uid, Priority priority) {
        return call("download_delete", priority, true, anything,
                () -> api.deleteDownload(account.accountId(), uid, account.authorization()))
                .replaceWithVoid();
    }

    private String mp4Status(String operation, Downloads found) {
        if (found.mp4() == null) {
            return "none";
        }
        String status = found.mp4().status();
        if (!"inprogress".equals(status) && !"ready".equals(status) && !"error".equals(status)) {
            throw nonsense(operation, "a download status " + status);
        }
        return status;
    }

    /** The video's captions at Cloudflare, or null when Cloudflare does not know the uid. */
    public Uni<List<StreamCaption>> captions(String uid, Priority priority) {
        return this.<List<StreamCaption>> call("captions", priority, true, captions,
                () -> api.captions(account.accountId(), uid, account.authorization()))
                .invoke(found -> {
                    if (found != null && found.contains(null)) {
                        throw nonsense("captions", "a caption is null");
                    }
                });
    }

    /**
     * Uploads a WebVTT file as the video's captions in {@code language}, replacing any; null when
     * Cloudflare does not know the uid. Idempotent, so retried like the other idempotent calls.
     */
    public Uni<StreamCaption> uploadCaption(String uid, String language, String vtt) {
        Buffer file = Buffer.buffer(vtt, StandardCharsets.UTF_8.name());
        return this.<StreamCaption> call("caption_upload", Priority.USER, true, caption, () -> api.uploadCaption(
                account.accountId(), uid, language, account.authorization(),
                ClientMultipartForm.create().binaryFileUpload("file", language + ".vtt", file, "text/vtt")));
    }

    /** Asks Cloudflare to generate captions in {@code language}; null when it does not know the uid. Not retried. */
    public Uni<StreamCaption> generateCaption(String uid, String language) {
        return this.<StreamCaption> call("caption_generate", Priority.USER, false, caption,
                () -> api.generateCaption(account.accountId(), uid, language, account.authorization()));
    }

    /** The WebVTT text of the video's captions in {@code language}, or null when Cloudflare has none. */
    public Uni<String> captionFile(String uid, String language, Priority priority) {
        return call("caption_vtt", priority, true,
                () -> api.captionFile(account.accountId(), uid, language, account.authorization()),
                response -> {
                    if (response.getStatus() < 300) {
                        if (response.getMediaType() == null || !TEXT_VTT.isCompatible(response.getMediaType())) {
                            throw nonsense("caption_vtt", "the file is not text/vtt");
                        }
                        // a caption file: the one answer that is not Cloudflare's JSON envelope
                        String text = text(response);
                        return text == null ? "" : text;
                    }
                    return envelope("caption_vtt", response, anything) == null ? null : ""; // a failure status: throws or null
                });
    }

    /** Deletes the captions in {@code language}; captions Cloudflare does not have count as deleted. */
    public Uni<Void> deleteCaption(String uid, String language, Priority priority) {
        return call("caption_delete", priority, true, anything,
                () -> api.deleteCaption(account.accountId(), uid, language, account.authorization()))
                .replaceWithVoid();
    }

    /** A one-time upload URL for the admin's browser, and the uid the video will have. Not retried: each call makes a slot. */
    public Uni<DirectUpload> createDirectUpload(int maxDurationSeconds, Instant expiry, boolean requireSignedUrls,
            String creator, Map<String, String> meta) {
        DirectUploadRequest request = new DirectUploadRequest(creator, maxDurationSeconds,
                expiry.truncatedTo(ChronoUnit.SECONDS).toString(), requireSignedUrls, meta);
        return this.<DirectUploadAnswer> call("direct_upload", Priority.USER, false, directUpload,
                () -> api.directUpload(account.accountId(), account.authorization(), request))
                .map(slot -> {
                    if (slot == null || slot.uid() == null || slot.uploadUrl() == null) {
                        throw nonsense("direct_upload", "no uid or uploadURL");
                    }
                    return new DirectUpload(slot.uid(), slot.uploadUrl(), expiry);
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
                        envelope("tus_upload", response, anything); // a failure status: throws
                        throw nonsense("tus_upload", "HTTP " + response.getStatus());
                    }
                    // the body of a tus creation is empty: the answer is in its headers
                    String uid = response.getHeaderString("stream-media-id");
                    String location = response.getHeaderString("Location");
                    if (uid == null || !uid.matches("[0-9a-f]{32}") || location == null) {
                        throw nonsense("tus_upload", "no stream-media-id or Location");
                    }
                    return new DirectUpload(uid, location, expiry);
                });
    }

    /** A list answer: never null (a list is not a 404). */
    private static <T> List<T> listed(String operation, List<T> found) {
        if (found == null || found.contains(null)) {
            throw nonsense(operation, "result is not a list of videos");
        }
        return found;
    }

    /** One call with everything around it; the item is the envelope's {@code result} as {@code type}, or null for a 404. */
    private <T> Uni<T> call(String operation, Priority priority, boolean idempotent, JavaType type,
            Supplier<Uni<RestResponse<String>>> request) {
        return call(operation, priority, idempotent, request, response -> envelope(operation, response, type));
    }

    /** One call with everything around it; the item is what {@code read} makes of the answer. */
    @SuppressWarnings("unchecked")
    private <T> Uni<T> call(String operation, Priority priority, boolean idempotent,
            Supplier<Uni<RestResponse<String>>> request, Function<RestResponse<String>, T> read) {
        // every attempt takes a token from the fleet's budget first
        Uni<Object> attempt = breaker.get(() -> budget.take(priority)
                .chain(() -> request.get()
                        .ifNoItem().after(config.timeout())
                        .failWith(() -> new TimeoutException("no answer in " + config.timeout())))
                .map(read::apply));
        if (idempotent) {
            attempt = attempt.onFailure(CloudflareStream::isTransient)
                    .retry().withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(8))
                    .atMost(config.retries());
        }
        Uni<Object> rateLimitedOnce = attempt;
        return (Uni<T>) attempt
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

    private Uni<Object> waitOut(RateLimited limited, Uni<Object> again) {
        if (limited.retryAfter.compareTo(config.maxRetryAfterWait()) > 0) {
            return Uni.createFrom().failure(limited);
        }
        if (limited.retryAfter.isZero()) {
            return again; // Mutiny refuses a delay of zero
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(limited.retryAfter).chain(() -> again);
    }

    /**
     * The envelope's {@code result}, read as {@code type}; null for a 404 that carries Cloudflare's
     * envelope (Cloudflare does not have it). Any other failure throws; what Cloudflare said about
     * it goes to the log, not to the client.
     */
    private <T> T envelope(String operation, RestResponse<String> response, JavaType type) {
        int status = response.getStatus();
        if (status == 429) {
            throw new RateLimited(retryAfter(response.getHeaderString("Retry-After")));
        }
        if (status >= 500) {
            throw new ServerError(status);
        }
        String text = text(response);
        Envelope<T> envelope = parse(text, type);
        if (status == 404) {
            if (envelope != null && Boolean.FALSE.equals(envelope.success()) && envelope.errors() != null) {
                return null;
            }
            // a proxy's page or a wrong base URL says nothing about the video
            throw new Refused("Cloudflare Stream's " + operation + " answered HTTP 404 without Cloudflare's JSON envelope");
        }
        if (envelope == null) {
            if (text == null || text.isBlank()) {
                if (status < 300) {
                    return null; // nothing to read: a deletion, say
                }
            } else {
                throw nonsense(operation, "the body is not JSON");
            }
        }
        if (status >= 400) {
            LOG.infof("Cloudflare Stream refused %s: HTTP %d %s", operation, status, envelope == null ? "" : envelope.firstError());
            throw new Refused("Cloudflare Stream refused " + operation + " (HTTP " + status + ")");
        }
        if (!Boolean.TRUE.equals(envelope.success())) {
            LOG.infof("Cloudflare Stream answered %s without success: %s", operation, envelope.firstError());
            throw nonsense(operation, "success is not true");
        }
        return envelope.result();
    }

    /** The body read as an envelope of {@code type}; null when it is empty or not JSON. */
    private <T> Envelope<T> parse(String text, JavaType type) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException unreadable) {
            if (unreadable instanceof com.fasterxml.jackson.core.JsonParseException) {
                return null;
            }
            // JSON, but not in the shape Cloudflare's OpenAPI gives: say so without quoting it
            LOG.debugf("Cloudflare answered JSON of another shape: %s", unreadable.getOriginalMessage());
            throw new Nonsense("an answer of another shape than Cloudflare's");
        }
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
        if (failure instanceof Nonsense) {
            return "Cloudflare Stream answered " + operation + " with nonsense: " + failure.getMessage();
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

    /** An answer that is not what Cloudflare's OpenAPI describes (read in a mapper step, named by {@link #describe}). */
    private static final class Nonsense extends RuntimeException {
        Nonsense(String what) {
            super(what, null, false, false);
        }
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
