package com.coursevideo.error;

import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.exc.StreamReadException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure a request can meet into an RFC 9457 problem+json response. Details name
 * what was wrong with the request; exception types, SQL and stack traces stay in the log.
 */
public class ProblemMapper {

    public static final String PROBLEM_JSON = "application/problem+json";

    /** How long a client should wait before retrying while the database is unavailable. */
    static final String DATABASE_RETRY_AFTER_SECONDS = "5";

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response videoError(VideoError error) {
        return response(error);
    }

    /** The problem+json answer for {@code error} (with {@code Retry-After} when the database is unavailable). */
    public static Response response(VideoError error) {
        Response.ResponseBuilder response = respond(Problem.of(error));
        if (error.code() == ErrorCode.DATABASE_ERROR) {
            response.header(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    /** No token, or one that does not verify (proactive authentication is off, so this reaches the mappers). */
    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated(RuntimeException error) {
        return respond(Problem.of(ErrorCode.UNAUTHENTICATED,
                "send a valid bearer token: Authorization: Bearer <JWT issued by the course platform>"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException error) {
        return respond(Problem.of(ErrorCode.FORBIDDEN, "this token's role may not do this")).build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException error) {
        int status = error.getResponse().getStatus();
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof VideoError refused) {
                return response(refused); // refused while the body was read (a record checking its fields together)
            }
        }
        if (error.getCause() instanceof StreamReadException malformed) {
            // Jackson's reader wraps syntax errors in a 400
            return malformedJson(malformed);
        }
        if (status >= 500) {
            return unexpected(error);
        }
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> ErrorCode.INVALID_INPUT;
        };
        String detail = switch (code) {
            case NOT_FOUND -> "no such resource";
            case METHOD_NOT_ALLOWED -> "method not allowed on this resource";
            case NOT_ACCEPTABLE -> "this resource answers application/json only";
            case UNSUPPORTED_MEDIA_TYPE -> "send the request body as application/json";
            default -> "the request is malformed";
        };
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? code.title() : known.getReasonPhrase();
        return Response.status(status)
                .type(PROBLEM_JSON)
                .entity(new Problem("about:blank", title, status, detail, code, null))
                .build();
    }

    /** Anything else is a bug: log it under an id the client can quote, and tell the client only the id. */
    @ServerExceptionMapper
    public Response unexpected(Throwable error) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(error, "unexpected error %s", errorId);
        return respond(Problem.internal(errorId)).build();
    }

    private static Response malformedJson(StreamReadException error) {
        var at = error.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return respond(Problem.of(ErrorCode.INVALID_INPUT, "request body is not valid JSON" + where)).build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(PROBLEM_JSON).entity(problem);
    }
}
