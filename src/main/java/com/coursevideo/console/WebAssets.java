package com.coursevideo.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.arc.profile.UnlessBuildProfile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the admin console ({@code /admin/}) and the embeddable player
 * ({@code /player/course-video.js}): the files the front-end build (src/main/webui) wrote under
 * {@code web/} on the class path, and nothing else (only names in its catalogue are served).
 * <ul>
 * <li>Content-hashed files are cached for a year; the two entry points, whose names never change,
 * are revalidated on every use (their ETag makes that a 304), so a new release is picked up at once.
 * <li>The build's brotli and gzip copies are sent to browsers that take them.
 * <li>The console's page carries the {@link ContentSecurityPolicy}; scripts may be loaded from other
 * origins (the player runs on the course platform's pages).
 * </ul>
 * Files are read from the class path when first asked for and then kept. Dev mode has none of
 * this: there Quinoa forwards these paths to Vite's dev server, with live reload.
 */
@UnlessBuildProfile("dev")
@ApplicationScoped
class WebAssets {

    private static final Logger LOG = Logger.getLogger(WebAssets.class);
    private static final String ROOT = "web/";
    private static final String CONSOLE_PAGE = "admin/index.html";
    private static final String LONG_CACHE = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "no-cache";

    private final AssetCatalogue catalogue;
    private final ContentSecurityPolicy policy;
    private final Vertx vertx;
    private final Map<String, Buffer> loaded = new ConcurrentHashMap<>();

    WebAssets(ContentSecurityPolicy policy, Vertx vertx) {
        this.catalogue = AssetCatalogue.read(ROOT);
        this.policy = policy;
        this.vertx = vertx;
        if (catalogue.isEmpty()) {
            LOG.warn("no web/assets.json on the class path: the front end was not built, /admin/ and /player/ serve nothing");
        }
    }

    void routes(@Observes Router router) {
        router.route("/admin").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(context -> {
            if (context.request().path().equals("/admin")) { // the route matches /admin/ too
                context.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, "/admin/").end();
            } else {
                context.next();
            }
        });
        router.route("/admin/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serve);
        router.route("/player/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serve);
    }

    private void serve(RoutingContext context) {
        String name = context.normalizedPath().substring(1);
        AssetCatalogue.Asset asset = catalogue.get(name.equals("admin/") ? CONSOLE_PAGE : name);
        if (asset == null) {
            context.next();
            return;
        }
        String encoding = asset.encodingFor(context.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
        String etag = "\"" + asset.etag() + (encoding == null ? "" : "-" + encoding) + "\"";
        HttpServerResponse response = context.response();
        headers(response, asset, etag);
        if (encoding != null) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, encoding);
        }
        if (matches(context.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            response.setStatusCode(304).end();
            return;
        }
        bytes(asset.name() + AssetCatalogue.suffixOf(encoding)).onComplete(read -> {
            if (read.failed()) {
                context.fail(read.cause());
            } else if (context.request().method() == HttpMethod.HEAD) {
                response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(read.result().length())).end();
            } else {
                response.end(read.result());
            }
        });
    }

    private void headers(HttpServerResponse response, AssetCatalogue.Asset asset, String etag) {
        response.putHeader(HttpHeaders.CONTENT_TYPE, asset.type())
                .putHeader(HttpHeaders.CACHE_CONTROL, asset.hashed() ? LONG_CACHE : REVALIDATE)
                .putHeader(HttpHeaders.ETAG, etag)
                .putHeader("X-Content-Type-Options", "nosniff");
        if (!asset.encodings().isEmpty()) {
            response.putHeader(HttpHeaders.VARY, "Accept-Encoding");
        }
        if (asset.name().equals(CONSOLE_PAGE)) {
            response.putHeader("Content-Security-Policy", policy.header())
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("X-Frame-Options", "DENY")
                    .putHeader("Cross-Origin-Opener-Policy", "same-origin");
        } else {
            // scripts and styles are public code: the player's pages on other origins load them as modules
            // (without credentials). One answer for every origin, whatever the API's CORS settings
            // reflect, so that a shared cache never hands one origin's answer to another
            response.putHeader("Cross-Origin-Resource-Policy", "cross-origin")
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            response.headers().remove(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.equals(etag) || trimmed.equals("*") || trimmed.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /** The file's bytes: read from the class path (off the event loop) the first time, then kept. */
    private Future<Buffer> bytes(String file) {
        Buffer known = loaded.get(file);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return vertx.executeBlocking(() -> loaded.computeIfAbsent(file, WebAssets::read), false);
    }

    private static Buffer read(String file) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException(ROOT + file + " is in the catalogue but not on the class path");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
