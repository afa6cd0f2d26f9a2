package com.coursevideo.dev.fake;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.coursevideo.cloudflare.TusMetadata;
import com.coursevideo.cloudflare.WebhookSignature;
import com.coursevideo.cloudflare.signing.SigningKeys;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A local Cloudflare Stream: a real HTTP server on a free loopback port that answers the Stream
 * API the service uses (video details, list, delete, direct_upload, tus uploads, webhook subscription) as
 * Cloudflare's OpenAPI describes, keeps a library of videos that move through Cloudflare's states
 * with time or on command, delivers signed webhooks, and fails on demand. What dev mode talks to
 * when no Cloudflare account is configured, and what the tests talk to. It lives in src/dev: the
 * production jar and native executable hold none of it.
 */
public class StreamFake {

    /** What the next API calls should suffer. */
    public enum Failure {
        /** 500 with Cloudflare's failure envelope. */
        SERVER_ERROR,
        /** 429 with {@code Retry-After}. */
        RATE_LIMITED,
        /** No answer at all (until the fake stops). */
        TIMEOUT,
        /** 200 with a body that is not JSON. */
        MALFORMED,
        /** 404 with an HTML page, as a proxy or a wrong base URL answers. */
        PROXY_NOT_FOUND
    }

    public static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

    /** The fake account's plan: this many minutes of stored video. */
    public static final int STORAGE_MINUTES_LIMIT = 100_000;

    private static final Logger LOG = Logger.getLogger(StreamFake.class);

    private final Vertx vertx;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, FakeVideo> videos = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final Map<String, Deque<Failure>> failuresByOperation = new java.util.HashMap<>();
    private final Map<String, Failure> failingVideos = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestsByVideo = new ConcurrentHashMap<>();
    private final Deque<Long> recentCalls = new ArrayDeque<>();
    private volatile int limit = Integer.MAX_VALUE;
    private volatile Duration limitWindow = Duration.ofMinutes(5);
    private volatile int busiestWindow;
    private final AtomicInteger rateLimited = new AtomicInteger();
    private volatile CompletableFuture<Void> directUploadGate;
    private volatile CompletableFuture<String> directUploadReached;
    private volatile String lastUploadUid;
    private volatile int retryAfterSeconds = 1;
    private volatile String token;
    private volatile String webhookSecret;
    private volatile String webhookUrl;
    private volatile String signingKeyId;
    private volatile String signingKeyPem;
    private volatile HttpServer server;
    private volatile HttpClient webhookClient;
    private volatile String deliveryBase;
    /** The HLS stream its own delivery host plays, or null when playback URLs point elsewhere. */
    private final Path media;
    /** How long a video spends queued and then encoding after its upload, when nothing pins its state. */
    private volatile Duration processingTime;
    /** Latency added to every API call. */
    private volatile Duration latency = Duration.ZERO;

    /**
     * @param deliveryBase where playback URLs point (Cloudflare's customer subdomain)
     * @param processingTime how long an uploaded video takes to become ready
     */
    public StreamFake(Vertx vertx, String deliveryBase, Duration processingTime) {
        this(vertx, deliveryBase, processingTime, null);
    }

    private StreamFake(Vertx vertx, String deliveryBase, Duration processingTime, Path media) {
        this.vertx = vertx;
        this.deliveryBase = deliveryBase;
        this.processingTime = processingTime;
        this.media = media;
    }

    /**
     * A fake that delivers playback itself: its playback URLs point at its own server
     * ({@link FakeDelivery}), which plays the HLS stream in {@code media} for every ready video.
     */
    public static StreamFake delivering(Vertx vertx, Path media, Duration processingTime) {
        return new StreamFake(vertx, null, processingTime, media);
    }

    /** Starts the server on a free port (once); returns the API base URL, like {@code .../client/v4}. */
    public synchronized String start() {
        if (server == null) {
            token = hex(16);
            webhookSecret = hex(16);
            signingKeyId = hex(16);
            signingKeyPem = newSigningKey();
            Router router = router();
            webhookClient = vertx.createHttpClient();
            try {
                server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the Cloudflare Stream fake could not start", e);
            }
            if (deliveryBase == null) {
                deliveryBase = "http://127.0.0.1:" + server.actualPort() + FakeDelivery.PATH;
            }
            LOG.infof("Cloudflare Stream fake listening on %s", baseUrl());
        }
        return baseUrl();
    }

    /** Stops the server (the tests' resource does, when their service stops). */
    public synchronized void stop() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
            webhookClient.close();
            server = null;
        }
    }

    /**
     * The settings that point the service at this fake, by their configuration names
     * ({@code cloudflare.api-token}, …), as dev mode and the tests' resource hand them over.
     */
    public Map<String, String> settings() {
        return Map.of("cloudflare.api-base-url", baseUrl(),
                "cloudflare.account-id", ACCOUNT,
                "cloudflare.api-token", token,
                "cloudflare.stream-delivery-base-url", deliveryBase,
                "cloudflare.webhook-secret", webhookSecret,
                "cloudflare.stream-signing-key-id", signingKeyId,
                "cloudflare.stream-signing-key-pem", signingKeyPem);
    }

    /** Every API call answers this much later from now on (until {@link #reset()}). */
    public void latency(Duration added) {
        latency = added;
    }

    /** How long uploaded videos take to become ready from now on. */
    public void processingTime(Duration time) {
        processingTime = time;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/client/v4";
    }

    public String token() {
        return token;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    public String signingKeyId() {
        return signingKeyId;
    }

    /** As Cloudflare's {@code POST /stream/keys} returns it: base64 of a PKCS#1 PEM. */
    public String signingKeyPem() {
        return signingKeyPem;
    }

    public String deliveryBase() {
        return deliveryBase;
    }

    // ---- control, for tests and the benchmark

    /** Forgets every video, count, failure and the webhook subscription. */
    public synchronized void reset() {
        videos.clear();
        requests.clear();
        failures.clear();
        failuresByOperation.clear();
        failingVideos.clear();
        requestsByVideo.clear();
        synchronized (recentCalls) {
            recentCalls.clear();
        }
        limit = Integer.MAX_VALUE;
        busiestWindow = 0;
        rateLimited.set(0);
        directUploadGate = null;
        webhookUrl = null;
        retryAfterSeconds = 1;
        latency = Duration.ZERO;
    }

    /** A video as if uploaded at Cloudflare, in the given state (pinned until changed again). */
    public String addVideo(String state) {
        return addVideo(state, Instant.now(), Map.of());
    }

    /**
     * A video made at Cloudflare at {@code created}, in the given state (pinned), with {@code meta}:
     * as made in its dashboard.
     */
    public String addVideo(String state, Instant created, Map<String, Object> meta) {
        String uid = hex(16);
        FakeVideo video = new FakeVideo(uid, created, null, null, false, meta);
        video.uploaded = created;
        video.pinnedState = state;
        videos.put(uid, video);
        return uid;
    }

    /** An upload slot as a direct upload by {@code creator} would leave it, never uploaded to. */
    public String addUploadSlot(String creator) {
        return addUploadSlot(creator, Duration.ZERO);
    }

    /** An upload slot made {@code age} ago by {@code creator}, never uploaded to. */
    public String addUploadSlot(String creator, Duration age) {
        String uid = hex(16);
        Instant created = Instant.now().minus(age);
        FakeVideo slot = new FakeVideo(uid, created, 600, created.plus(Duration.ofMinutes(30)), false, Map.of());
        slot.creator = creator;
        videos.put(uid, slot);
        return uid;
    }

    /** {@code count} videos in the given state at once (for benchmarks); returns their uids. */
    public List<String> addVideos(int count, String state) {
        List<String> uids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            uids.add(addVideo(state));
        }
        return uids;
    }

    public boolean has(String uid) {
        return videos.containsKey(uid);
    }

    /** Pins the video's state; {@code pctComplete} as Cloudflare sends it (a string), or null for the default. */
    public void setState(String uid, String state, String pctComplete) {
        FakeVideo video = require(uid);
        video.pinnedState = state;
        video.pinnedPct = pctComplete;
        video.modified = Instant.now();
    }

    public void setError(String uid, String code, String text) {
        setState(uid, "error", "0");
        FakeVideo video = require(uid);
        video.errorReasonCode = code;
        video.errorReasonText = text;
    }

    /** The end user's upload arrived: the video starts processing, moving on with time. */
    public void upload(String uid) {
        FakeVideo video = require(uid);
        video.uploaded = Instant.now();
        video.pinnedState = null;
        video.modified = Instant.now();
    }

    public Map<String, Object> meta(String uid) {
        return require(uid).meta;
    }

    public String creator(String uid) {
        return require(uid).creator;
    }

    /** The video's caption languages at the fake. */
    public java.util.Set<String> captionLanguages(String uid) {
        return java.util.Set.copyOf(require(uid).captions.keySet());
    }

    /** The WebVTT text the fake holds for the video's captions in {@code language}, or null. */
    public String captionText(String uid, String language) {
        FakeCaption caption = require(uid).captions.get(language);
        return caption == null ? null : caption.text();
    }

    /** Pins a caption's status ({@code error}, say), as Cloudflare's generation might end. */
    public void setCaptionStatus(String uid, String language, String status) {
        require(uid).captions.get(language).pinnedStatus = status;
    }

    /** The video's {@code allowedOrigins} (empty: any). */
    public List<String> allowedOrigins(String uid) {
        return require(uid).allowedOrigins;
    }

    /** As if someone changed the video's {@code allowedOrigins} in Cloudflare's dashboard. */
    public void setAllowedOrigins(String uid, List<String> origins) {
        FakeVideo video = require(uid);
        video.allowedOrigins = List.copyOf(origins);
        video.modified = Instant.now();
    }

    public double thumbnailTimestampPct(String uid) {
        return require(uid).thumbnailTimestampPct;
    }

    /** Whether the video has a default MP4 download (made, or being made). */
    public boolean hasDownload(String uid) {
        return require(uid).downloadRequested != null;
    }

    public boolean requiresSignedUrls(String uid) {
        return require(uid).requireSignedUrls;
    }

    /** Changes the setting behind the service's back, as someone in Cloudflare's dashboard might. */
    public void setRequiresSignedUrls(String uid, boolean required) {
        require(uid).requireSignedUrls = required;
    }

    /**
     * The next {@code count} calls of {@code operation} ({@code list}, {@code get},
     * {@code direct_upload}, {@code tus_upload}, {@code caption_upload}, …) fail this way, whatever
     * other calls (the service's background work) come in between.
     */
    public synchronized void failNext(int count, Failure failure, String operation) {
        Deque<Failure> queue = failuresByOperation.computeIfAbsent(operation, key -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(failure);
        }
    }

    /** The next {@code count} API calls fail this way. */
    public synchronized void failNext(int count, Failure failure) {
        for (int i = 0; i < count; i++) {
            failures.add(failure);
        }
    }

    /** Cloudflare is well again: no more injected failures. */
    public synchronized void heal() {
        failures.clear();
        failuresByOperation.clear();
        failingVideos.clear();
    }

    /** Every call about this video fails this way until {@link #heal()} or {@link #reset()}. */
    public void failVideo(String uid, Failure failure) {
        failingVideos.put(uid, failure);
    }

    /**
     * The next direct_upload makes its video, then waits to answer until {@code release}
     * completes; the returned future completes with the new uid once it is waiting.
     */
    public CompletableFuture<String> holdNextDirectUpload(CompletableFuture<Void> release) {
        directUploadReached = new CompletableFuture<>();
        directUploadGate = release;
        return directUploadReached;
    }

    /** The uid of the last upload slot made. */
    public String lastUploadUid() {
        return lastUploadUid;
    }

    public void retryAfterSeconds(int seconds) {
        retryAfterSeconds = seconds;
    }

    /** API calls about one video. */
    public int requestsFor(String uid) {
        AtomicInteger count = requestsByVideo.get(uid);
        return count == null ? 0 : count.get();
    }

    /**
     * Enforces Cloudflare's rate limit as a sliding window: past {@code max} calls in any
     * {@code window}, calls get 429 (and count in {@link #rateLimitedCalls()}).
     */
    public void limit(int max, Duration window) {
        limit = max;
        limitWindow = window;
    }

    /** The most calls seen within one window of {@link #limit}'s length. */
    public int busiestWindow() {
        return busiestWindow;
    }

    public int rateLimitedCalls() {
        return rateLimited.get();
    }

    /**
     * API calls received, by operation: {@code get}, {@code list}, {@code delete}, {@code direct_upload},
     * …; {@code library} counts the lists that are not one creator's.
     */
    public int requests(String operation) {
        AtomicInteger count = requests.get(operation);
        return count == null ? 0 : count.get();
    }

    public void subscribeWebhook(String url) {
        webhookUrl = url;
    }

    /** Sends the video's notification to the subscribed URL, signed as Cloudflare signs it; returns the HTTP status. */
    public CompletableFuture<Integer> deliverWebhook(String uid) {
        String body = details(uid).encode();
        String time = Long.toString(Instant.now().getEpochSecond());
        String signature = WebhookSignature.sign(webhookSecret, time, body.getBytes(StandardCharsets.UTF_8));
        // Vert.x's client, not java.net.http: native images leave that module out
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(webhookUrl)
                .putHeader("Content-Type", "application/json")
                .putHeader("Webhook-Signature", "time=" + time + ",sig1=" + signature);
        return webhookClient.request(request)
                .compose(call -> call.send(body))
                .map(HttpClientResponse::statusCode)
                .toCompletionStage().toCompletableFuture();
    }

    // ---- the API

    private Router router() {
        Router router = Router.router(vertx);
        String stream = "/client/v4/accounts/:account/stream";
        router.route(stream + "*").handler(BodyHandler.create()
                .setUploadsDirectory(System.getProperty("java.io.tmpdir") + "/stream-fake-uploads")
                .setDeleteUploadedFilesOnEnd(true));
        router.route(stream + "*").handler(this::authorizeAndDisturb);
        router.post(stream + "/direct_upload").handler(this::directUpload);
        router.put(stream + "/webhook").handler(this::putWebhook);
        router.get(stream + "/webhook").handler(this::getWebhook);
        router.post(stream).handler(this::tusCreate);
        router.get(stream).handler(this::list);
        router.get(stream + "/storage-usage").handler(this::storageUsage);
        router.get(stream + "/:uid").handler(this::get);
        router.delete(stream + "/:uid").handler(this::delete);
        router.post(stream + "/:uid").handler(this::update);
        router.get(stream + "/:uid/downloads").handler(this::downloads);
        router.post(stream + "/:uid/downloads").handler(this::createDownload);
        router.post(stream + "/:uid/downloads/default").handler(this::createDownload);
        router.delete(stream + "/:uid/downloads").handler(this::deleteDownload);
        router.delete(stream + "/:uid/downloads/default").handler(this::deleteDownload);
        router.get(stream + "/:uid/captions").handler(this::captions);
        router.put(stream + "/:uid/captions/:language").handler(this::uploadCaption);
        router.post(stream + "/:uid/captions/:language/generate").handler(this::generateCaption);
        router.get(stream + "/:uid/captions/:language/vtt").handler(this::captionFile);
        router.delete(stream + "/:uid/captions/:language").handler(this::deleteCaption);
        router.post("/upload/:uid").handler(this::receiveUpload);
        new FakeTus(videos, this::upload).route(router);
        if (media != null) {
            new FakeDelivery(videos, () -> signingKeyPem, media,
                    video -> "ready".equals(video.state(Instant.now(), processingTime))).route(router);
        }
        return router;
    }

    private void authorizeAndDisturb(RoutingContext context) {
        if (!("Bearer " + token).equals(context.request().getHeader("Authorization"))) {
            fail(context, 401, 10000, "Authentication error");
            return;
        }
        long latency = this.latency.toMillis();
        if (latency > 0) {
            vertx.setTimer(latency, id -> context.next());
        } else {
            context.next();
        }
    }

    /**
     * Counts the call, then answers it with the failure due for it, if any (queued failures
     * first, then the video's own); true when it did, and the operation must not go on.
     */
    private boolean disturbed(RoutingContext context, String operation) {
        count(operation);
        if (context.pathParam("uid") != null) {
            requestsByVideo.computeIfAbsent(context.pathParam("uid"), key -> new AtomicInteger()).incrementAndGet();
        }
        if (overLimit()) {
            rateLimited.incrementAndGet();
            context.response().putHeader("Retry-After", Long.toString(limitWindow.toSeconds()));
            fail(context, 429, 10429, "Too many requests; retry after " + limitWindow.toSeconds() + " s");
            return true;
        }
        Failure queued;
        synchronized (this) {
            Deque<Failure> own = failuresByOperation.get(operation);
            queued = own != null && !own.isEmpty() ? own.poll() : failures.poll();
        }
        String uid = context.pathParam("uid");
        Failure failure = queued == null && uid != null ? failingVideos.get(uid) : queued;
        if (failure == null) {
            return false;
        }
        switch (failure) {
            case SERVER_ERROR -> fail(context, 500, 10002, "Internal server error");
            case RATE_LIMITED -> {
                context.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
                fail(context, 429, 10429, "Too many requests; retry after " + retryAfterSeconds + " s");
            }
            case TIMEOUT -> {
                // never answered
            }
            case MALFORMED -> context.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end("{\"success\": tru");
            case PROXY_NOT_FOUND -> context.response().setStatusCode(404).putHeader("Content-Type", "text/html")
                    .end("<html><body><h1>404 Not Found</h1></body></html>");
        }
        return true;
    }

    private void get(RoutingContext context) {
        FakeVideo video = videoOf(context, "get");
        if (video != null) {
            ok(context, video.toJson(Instant.now(), processingTime, deliveryBase));
        }
    }

    /** The video the path names, or null when the call was answered already (a failure, or 404). */
    private FakeVideo videoOf(RoutingContext context, String operation) {
        if (disturbed(context, operation)) {
            return null;
        }
        FakeVideo video = videos.get(context.pathParam("uid"));
        if (video == null) {
            fail(context, 404, 10003, "Not Found");
        }
        return video;
    }

    /**
     * {@code GET /stream}: newest first, or oldest first with {@code asc=true}; {@code after} and
     * {@code before} (or their older names {@code start} and {@code end}) bound the creation time,
     * exclusively; at most {@code limit} (default and most 1,000); {@code status} and {@code creator}
     * filter. {@code range} counts the matches beyond this page, {@code total} all matches.
     */
    private void list(RoutingContext context) {
        if (disturbed(context, "list")) {
            return;
        }
        String wanted = context.queryParams().get("status");
        String creator = context.queryParams().get("creator");
        if (creator == null) {
            count("library"); // a listing of the whole library, not one creator's (the upload reaper's)
        }
        Instant after;
        Instant before;
        int limit;
        try {
            after = instant(context, "after", "start");
            before = instant(context, "before", "end");
            String asked = context.queryParams().get("limit");
            limit = asked == null ? 1000 : Integer.parseInt(asked);
        } catch (RuntimeException malformed) {
            fail(context, 400, 10005, "after, before, start and end must be date-times, limit a number");
            return;
        }
        if (limit < 1 || limit > 1000) {
            fail(context, 400, 10005, "limit must be from 1 to 1000");
            return;
        }
        boolean ascending = "true".equals(context.queryParams().get("asc"));
        Instant now = Instant.now();
        Comparator<FakeVideo> byCreated = Comparator.comparing((FakeVideo video) -> video.created)
                .thenComparing(video -> video.uid);
        List<FakeVideo> matches = videos.values().stream()
                .filter(video -> wanted == null || wanted.equals(video.state(now, processingTime)))
                .filter(video -> creator == null || creator.equals(video.creator))
                .filter(video -> after == null || video.created.isAfter(after))
                .filter(video -> before == null || video.created.isBefore(before))
                .sorted(ascending ? byCreated : byCreated.reversed())
                .toList();
        JsonArray result = new JsonArray();
        matches.stream().limit(limit)
                .forEach(video -> result.add(video.toJson(now, processingTime, deliveryBase)));
        json(context, 200, envelope(true, result).put("total", matches.size()).put("range", matches.size() - result.size()));
    }

    private static Instant instant(RoutingContext context, String name, String olderName) {
        String value = context.queryParams().get(name);
        if (value == null) {
            value = context.queryParams().get(olderName);
        }
        return value == null ? null : Instant.parse(value);
    }

    /** {@code GET /stream/storage-usage}: minutes of the ready videos (whole, rounded up), the plan's limit. */
    private void storageUsage(RoutingContext context) {
        if (disturbed(context, "storage_usage")) {
            return;
        }
        Instant now = Instant.now();
        long seconds = Math.round(videos.values().stream()
                .filter(video -> "ready".equals(video.state(now, processingTime)))
                .count() * FakeVideo.READY_DURATION_SECONDS);
        ok(context, new JsonObject().put("totalStorageMinutes", (seconds + 59) / 60)
                .put("totalStorageMinutesLimit", STORAGE_MINUTES_LIMIT).put("videoCount", videos.size()));
    }

    private void delete(RoutingContext context) {
        if (disturbed(context, "delete")) {
            return;
        }
        if (videos.remove(context.pathParam("uid")) == null) {
            fail(context, 404, 10003, "Not Found");
            return;
        }
        json(context, 200, envelope(true, null));
    }

    private void downloads(RoutingContext context) {
        FakeVideo video = videoOf(context, "downloads");
        if (video != null) {
            ok(context, video.downloadsJson(Instant.now(), processingTime, deliveryBase));
        }
    }

    /** {@code POST /stream/{uid}/downloads}: only for a video ready to view, as Cloudflare documents; asking again changes nothing. */
    private void createDownload(RoutingContext context) {
        FakeVideo video = videoOf(context, "download_create");
        if (video == null) {
            return;
        }
        if (!"ready".equals(video.state(Instant.now(), processingTime))) {
            fail(context, 400, 10005, "the video is not ready to view");
            return;
        }
        if (video.downloadRequested == null) {
            video.downloadRequested = Instant.now();
        }
        ok(context, video.downloadsJson(Instant.now(), processingTime, deliveryBase));
    }

    private void deleteDownload(RoutingContext context) {
        FakeVideo video = videoOf(context, "download_delete");
        if (video != null) {
            video.downloadRequested = null;
            json(context, 200, envelope(true, "ok"));
        }
    }

    /**
     * {@code POST /stream/{uid}}: the fields the service changes ({@code requireSignedURLs},
     * {@code thumbnailTimestampPct}, {@code allowedOrigins}); answers the video.
     */
    private void update(RoutingContext context) {
        FakeVideo video = videoOf(context, "update");
        if (video == null) {
            return;
        }
        JsonObject body = jsonBody(context);
        if (body == null || (body.containsKey("uid") && !video.uid.equals(body.getString("uid")))) {
            fail(context, 400, 10005, "Bad request");
            return;
        }
        if (body.containsKey("requireSignedURLs")) {
            video.requireSignedUrls = Boolean.TRUE.equals(body.getBoolean("requireSignedURLs"));
            video.modified = Instant.now();
        }
        if (body.getValue("thumbnailTimestampPct") instanceof Number pct) {
            if (pct.doubleValue() < 0 || pct.doubleValue() > 1) {
                fail(context, 400, 10005, "thumbnailTimestampPct must be from 0 to 1");
                return;
            }
            video.thumbnailTimestampPct = pct.doubleValue();
            video.modified = Instant.now();
        }
        if (body.getValue("allowedOrigins") instanceof JsonArray origins) {
            video.allowedOrigins = origins.stream().map(String::valueOf).toList();
            video.modified = Instant.now();
        }
        ok(context, video.toJson(Instant.now(), processingTime, deliveryBase));
    }

    private void captions(RoutingContext context) {
        FakeVideo video = videoOf(context, "captions");
        if (video != null) {
            Instant now = Instant.now();
            JsonArray result = new JsonArray();
            video.captions.values().forEach(caption -> result.add(caption.toJson(now, processingTime)));
            json(context, 200, envelope(true, result));
        }
    }

    /** Multipart {@code file}: WebVTT only (its signature line), at most 10 MB, as Cloudflare documents. */
    private void uploadCaption(RoutingContext context) {
        FakeVideo video = videoOf(context, "caption_upload");
        if (video == null) {
            return;
        }
        FileUpload file = context.fileUploads().stream().filter(upload -> "file".equals(upload.name())).findFirst().orElse(null);
        if (file == null || file.size() > 10L * 1024 * 1024) {
            fail(context, 400, 10005, "file must be a WebVTT file of at most 10 MB");
            return;
        }
        vertx.fileSystem().readFile(file.uploadedFileName()).onComplete(read -> {
            String text = read.succeeded() ? read.result().toString(StandardCharsets.UTF_8) : "";
            if (!text.replaceFirst("^\uFEFF", "").startsWith("WEBVTT")) {
                fail(context, 400, 10005, "file must be a WebVTT file of at most 10 MB");
                return;
            }
            FakeCaption caption = FakeCaption.uploaded(context.pathParam("language"), text);
            video.captions.put(caption.language, caption);
            ok(context, caption.toJson(Instant.now(), processingTime));
        });
    }

    private void generateCaption(RoutingContext context) {
        FakeVideo video = videoOf(context, "caption_generate");
        if (video == null) {
            return;
        }
        String language = context.pathParam("language");
        if (!"ready".equals(video.state(Instant.now(), processingTime))) {
            fail(context, 400, 10005, "the video must be ready to generate captions");
            return;
        }
        if (video.captions.containsKey(language)) {
            fail(context, 409, 10009, "captions in " + language + " exist; delete them first");
            return;
        }
        FakeCaption caption = FakeCaption.generated(language);
        video.captions.put(language, caption);
        ok(context, caption.toJson(Instant.now(), processingTime));
    }

    private void captionFile(RoutingContext context) {
        FakeCaption caption = captionOf(context, "caption_vtt");
        if (caption != null) {
            if (!"ready".equals(caption.status(Instant.now(), processingTime))) {
                fail(context, 404, 10003, "Not Found");
                return;
            }
            context.response().setStatusCode(200).putHeader("Content-Type", "text/vtt").end(caption.text());
        }
    }

    private void deleteCaption(RoutingContext context) {
        FakeCaption caption = captionOf(context, "caption_delete");
        if (caption != null) {
            videos.get(context.pathParam("uid")).captions.remove(caption.language);
            json(context, 200, envelope(true, ""));
        }
    }

    /** The caption the path names, or null when the call was answered already (a failure, or 404). */
    private FakeCaption captionOf(RoutingContext context, String operation) {
        FakeVideo video = videoOf(context, operation);
        if (video == null) {
            return null;
        }
        FakeCaption caption = video.captions.get(context.pathParam("language"));
        if (caption == null) {
            fail(context, 404, 10003, "Not Found");
        }
        return caption;
    }

    /** The request's JSON object, or null when it is not one. */
    private static JsonObject jsonBody(RoutingContext context) {
        try {
            return context.body().asJsonObject();
        } catch (RuntimeException notAnObject) {
            return null;
        }
    }

    private void directUpload(RoutingContext context) {
        if (disturbed(context, "direct_upload")) {
            return;
        }
        JsonObject body = jsonBody(context);
        Integer maxDuration = body == null ? null : body.getInteger("maxDurationSeconds");
        if (maxDuration == null || maxDuration < 1 || maxDuration > 21600) {
            fail(context, 400, 10005, "maxDurationSeconds must be an integer from 1 to 21600");
            return;
        }
        Instant expiry = body.getString("expiry") == null ? Instant.now().plus(Duration.ofMinutes(30))
                : Instant.parse(body.getString("expiry"));
        JsonObject meta = body.getJsonObject("meta", new JsonObject());
        String uid = hex(16);
        FakeVideo slot = new FakeVideo(uid, Instant.now(), maxDuration, expiry,
                body.getBoolean("requireSignedURLs", false), meta.getMap());
        if (body.getString("creator") != null) {
            slot.creator = body.getString("creator");
        }
        videos.put(uid, slot);
        lastUploadUid = uid;
        String uploadUrl = "http://127.0.0.1:" + server.actualPort() + "/upload/" + uid;
        JsonObject result = new JsonObject().put("uploadURL", uploadUrl).put("uid", uid);
        CompletableFuture<Void> gate = directUploadGate;
        if (gate == null) {
            ok(context, result);
            return;
        }
        directUploadGate = null;
        directUploadReached.complete(uid);
        gate.whenComplete((released, failure) -> context.vertx().runOnContext(v -> ok(context, result)));
    }

    /**
     * {@code POST /stream} with {@code Tus-Resumable}: a tus upload of {@code Upload-Length} bytes
     * ({@code Upload-Metadata} as Cloudflare reads it); 201 with the upload URL in {@code Location}
     * and the uid in {@code stream-media-id}. The upload URL is one-time with {@code direct_user=true}.
     */
    private void tusCreate(RoutingContext context) {
        if (disturbed(context, "tus_upload")) {
            return;
        }
        if (!"1.0.0".equals(context.request().getHeader("Tus-Resumable"))) {
            fail(context, 400, 10005, "Tus-Resumable must be 1.0.0 (a basic upload is multipart, not served by this fake)");
            return;
        }
        long length;
        Map<String, String> metadata;
        try {
            length = Long.parseLong(String.valueOf(context.request().getHeader("Upload-Length")));
            metadata = TusMetadata.parse(context.request().getHeader("Upload-Metadata"));
        } catch (IllegalArgumentException malformed) {
            fail(context, 400, 10005, "Upload-Length must be a number of bytes and Upload-Metadata tus pairs");
            return;
        }
        Integer maxDuration = null;
        Instant expiry = Instant.now().plus(Duration.ofMinutes(30));
        try {
            if (metadata.containsKey("maxdurationseconds")) {
                maxDuration = Integer.valueOf(metadata.get("maxdurationseconds"));
            }
            if (metadata.containsKey("expiry")) {
                expiry = Instant.parse(metadata.get("expiry"));
            }
        } catch (RuntimeException malformed) {
            fail(context, 400, 10005, "maxdurationseconds must be an integer and expiry a date-time");
            return;
        }
        if (length < 0 || maxDuration != null && (maxDuration < 1 || maxDuration > 21600)) {
            fail(context, 400, 10005, "Upload-Length must not be negative, maxdurationseconds from 1 to 21600");
            return;
        }
        String uid = hex(16);
        FakeVideo slot = new FakeVideo(uid, Instant.now(), maxDuration, expiry, metadata.containsKey("requiresignedurls"),
                metadata.containsKey("name") ? Map.of("name", metadata.get("name")) : Map.of());
        slot.uploadLength = length;
        if (context.request().getHeader("Upload-Creator") != null) {
            slot.creator = context.request().getHeader("Upload-Creator");
        }
        videos.put(uid, slot);
        lastUploadUid = uid;
        context.response().setStatusCode(201)
                .putHeader("Location", "http://127.0.0.1:" + server.actualPort() + "/tus/" + uid + "?tusv2=true")
                .putHeader("stream-media-id", uid)
                .putHeader("Tus-Resumable", "1.0.0")
                .end();
    }

    /** The video as Cloudflare's API would describe it now. */
    public JsonObject details(String uid) {
        return require(uid).toJson(Instant.now(), processingTime, deliveryBase);
    }

    private void receiveUpload(RoutingContext context) {
        FakeVideo video = videos.get(context.pathParam("uid"));
        if (video == null || video.uploaded != null) {
            context.response().setStatusCode(400).end();
            return;
        }
        upload(video.uid);
        context.response().setStatusCode(200).end();
    }

    private void putWebhook(RoutingContext context) {
        JsonObject body = context.body().asJsonObject();
        String url = body == null ? null : body.getString("notificationUrl", body.getString("notification_url"));
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            fail(context, 400, 10005, "notificationUrl must be an http(s) URL");
            return;
        }
        if (!url.equals(webhookUrl)) {
            webhookSecret = hex(16); // a new URL rotates the secret
        }
        webhookUrl = url;
        getWebhook(context);
    }

    private void getWebhook(RoutingContext context) {
        ok(context, new JsonObject().put("notificationUrl", webhookUrl).put("modified", Instant.now().toString())
                .put("secret", webhookSecret));
    }

    // ---- helpers

    /** Records the call in the sliding window; true when it exceeds the limit. */
    private boolean overLimit() {
        long now = System.nanoTime();
        synchronized (recentCalls) {
            while (!recentCalls.isEmpty() && now - recentCalls.peekFirst() > limitWindow.toNanos()) {
                recentCalls.pollFirst();
            }
            recentCalls.addLast(now);
            busiestWindow = Math.max(busiestWindow, recentCalls.size());
            return recentCalls.size() > limit;
        }
    }

    private FakeVideo require(String uid) {
        FakeVideo video = videos.get(uid);
        if (video == null) {
            throw new IllegalArgumentException("the fake has no video " + uid);
        }
        return video;
    }

    private void count(String operation) {
        requests.computeIfAbsent(operation, key -> new AtomicInteger()).incrementAndGet();
    }

    private static JsonObject envelope(boolean success, Object result) {
        return new JsonObject().put("success", success).put("errors", new JsonArray()).put("messages", new JsonArray())
                .put("result", result);
    }

    private static void ok(RoutingContext context, JsonObject result) {
        json(context, 200, envelope(true, result));
    }

    private static void fail(RoutingContext context, int status, int code, String message) {
        JsonObject body = envelope(false, null);
        body.getJsonArray("errors").add(new JsonObject().put("code", code).put("message", message));
        json(context, status, body);
    }

    private static void json(RoutingContext context, int status, JsonObject body) {
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private String hex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    /** A fresh RSA key, encoded as Cloudflare hands out signing keys: base64 of a PKCS#1 PEM. */
    private static String newSigningKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            byte[] pkcs1 = SigningKeys.pkcs1Of(pair.getPrivate());
            String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1)
                    + "\n-----END RSA PRIVATE KEY-----\n";
            return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has RSA", e);
        }
    }
}
