package com.coursevideo.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * A body whose {@code Content-Length} is over {@code quarkus.http.limits.max-body-size} is refused
 * before it is read, as Quarkus does itself, but as the contract's {@code 413 PAYLOAD_TOO_LARGE}
 * problem: this route runs just before Quarkus's own limit check. (A chunked body that grows past
 * the limit is still cut off by Quarkus, with a bare 413.)
 */
@ApplicationScoped
class BodyLimit {

    private final long limit;
    private final String problem;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit, ObjectMapper json)
            throws JsonProcessingException {
        this.limit = limit.asLongValue();
        this.problem = json.writeValueAsString(Problem.of(ErrorCode.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + this.limit + " bytes"));
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLong(length)) {
                // the body is never read: the connection cannot carry another request after it
                context.response().endHandler(ended -> context.request().connection().close());
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(problem);
                return;
            }
            context.next();
        });
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException malformed) {
            return false; // Vert.x's HTTP codec refuses a malformed Content-Length itself
        }
    }
}
