package com.coursevideo.http;

import com.coursevideo.error.Problem;
import com.coursevideo.error.VideoError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * A request refused by a route before its body is read: the contract's problem, written once, and
 * the connection closed after it, since the unread body cannot be told from the next request.
 */
public record EarlyRefusal(int status, String problem) {

    public static EarlyRefusal of(VideoError error, ObjectMapper json) {
        try {
            return new EarlyRefusal(error.code().status(), json.writeValueAsString(Problem.of(error)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem is always JSON", e);
        }
    }

    public void send(RoutingContext context) {
        closeAfterAnswer(context.request());
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end(problem);
    }

    /**
     * The request's connection is closed once its answer is sent, the client told so beforehand
     * (HTTP/1.x's {@code Connection: close}; HTTP/2 has no such header): its body is not read.
     */
    static void closeAfterAnswer(HttpServerRequest request) {
        request.response().endHandler(ended -> request.connection().close());
        if (request.version() != HttpVersion.HTTP_2) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
    }
}
