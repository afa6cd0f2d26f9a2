package com.coursevideo.http;

import java.io.ByteArrayInputStream;
import java.util.Locale;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * The body limit for a body that does not declare its length (chunked, or an HTTP/2 stream without
 * {@code Content-Length}): {@link BodyLimit} refuses a declared length over the limit before the body
 * is read; this filter reads such a body itself, counting, refuses it as {@code 413 PAYLOAD_TOO_LARGE}
 * at the first byte over (and closes the connection, as the rest of the body is not read), and hands
 * what it read to RESTEasy Reactive as the request's entity. A WebVTT body (a caption file) has the
 * caption limit, every other body {@code video.limits.body}.
 *
 * <p>A request filter rather than a JAX-RS reader interceptor: with any reader interceptor registered,
 * RESTEasy Reactive looks a method's parameter annotations up by reflection and copies the headers on
 * every request with a body (a heartbeat's 6 % of event-loop time); this filter costs a GET a method
 * check, and a body that declares its length a header look-up. And not the body-limit route: a body read there leaves an
 * HTTP/2 stream ended before RESTEasy Reactive pauses it, which it refuses.
 */
public class UndeclaredBodyLimit {

    private final BodyLimit limits;

    UndeclaredBodyLimit(BodyLimit limits) {
        this.limits = limits;
    }

    /** {@code null} (nothing to do) for a request that declares its length or has no body to read. */
    @ServerRequestFilter
    public Uni<Void> readCounting(ContainerRequestContext request, HttpServerRequest http) {
        if (!undeclared(http)) {
            return null;
        }
        long limit = limits.of(http.getHeader(HttpHeaders.CONTENT_TYPE));
        return Uni.createFrom().<Buffer>emitter(emitter -> read(http, limit, emitter))
                .invoke(body -> request.setEntityStream(new ByteArrayInputStream(body.getBytes())))
                .replaceWithVoid();
    }

    /** A body is coming without a declared length: chunked (HTTP/1.1), or an HTTP/2 stream (a body's methods only). */
    private static boolean undeclared(HttpServerRequest http) {
        HttpMethod method = http.method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH
                || http.getHeader(HttpHeaders.CONTENT_LENGTH) != null) {
            return false;
        }
        if (http.version() == HttpVersion.HTTP_2) {
            return !http.isEnded();
        }
        String encoding = http.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static void read(HttpServerRequest http, long limit, UniEmitter<? super Buffer> emitter) {
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        http.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refused[0] = true;
                EarlyRefusal.closeAfterAnswer(http);
                emitter.fail(BodyLimit.tooLarge(limit));
                return;
            }
            body.appendBuffer(chunk);
        });
        http.exceptionHandler(failure -> {
            if (!refused[0]) {
                refused[0] = true;
                emitter.fail(failure);
            }
        });
        http.endHandler(ended -> {
            if (!refused[0]) {
                emitter.complete(body);
            }
        });
        if ("100-continue".equalsIgnoreCase(http.getHeader(HttpHeaders.EXPECT))) {
            http.response().writeContinue();
        }
        http.resume();
    }
}
