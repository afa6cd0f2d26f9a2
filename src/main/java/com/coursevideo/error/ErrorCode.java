package com.coursevideo.error;

/**
 * The {@code code} member of every problem+json body, with the HTTP status it travels with.
 * Most are the API contract's; the rest cover requests that never reach an endpoint.
 */
public enum ErrorCode {
    INVALID_INPUT(400, "Bad Request"),
    COURSE_NOT_FOUND(404, "Not Found"),
    VIDEO_NOT_FOUND(404, "Not Found"),
    DUPLICATE_VIDEO(409, "Conflict"),
    CLOUDFLARE_ERROR(502, "Bad Gateway"),
    DATABASE_ERROR(503, "Service Unavailable"),
    /** No bearer token, or one that does not verify. */
    UNAUTHENTICATED(401, "Unauthorized"),
    /** A valid token whose holder may not do this. */
    FORBIDDEN(403, "Forbidden"),
    /** A Cloudflare webhook whose signature is missing, wrong or too old. */
    INVALID_SIGNATURE(401, "Unauthorized"),
    /** No route matches the request path, or nothing is at it (captions in a language the video lacks). */
    NOT_FOUND(404, "Not Found"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    NOT_ACCEPTABLE(406, "Not Acceptable"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type"),
    /** A body or a field over its limit. */
    PAYLOAD_TOO_LARGE(413, "Content Too Large"),
    /** A body that must declare its length (a Cloudflare webhook's) came without one. */
    LENGTH_REQUIRED(411, "Length Required"),
    /** An action that needs a ready video (generating captions) on one that is not. */
    VIDEO_NOT_READY(409, "Conflict"),
    /** No such outbound webhook endpoint, or no such delivery of it. */
    WEBHOOK_NOT_FOUND(404, "Not Found"),
    /** A bug: logged with the id that the problem body carries. */
    INTERNAL_ERROR(500, "Internal Server Error");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
