package com.coursevideo.error;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem body with the contract's {@code code} extension member. Registered for
 * reflection: it leaves through {@code Response} entities, which Quarkus cannot see at build time.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, ErrorCode code, String errorId) {

    /** The problem a request gets for {@code error}, e.g. as one item's result in a batch. */
    public static Problem of(VideoError error) {
        return of(error.code(), error.getMessage());
    }

    static Problem of(ErrorCode code, String detail) {
        return new Problem("about:blank", code.title(), code.status(), detail, code, null);
    }

    static Problem internal(String errorId) {
        ErrorCode code = ErrorCode.INTERNAL_ERROR;
        return new Problem("about:blank", code.title(), code.status(),
                "unexpected error; quote error id " + errorId + " when reporting it", code, errorId);
    }
}
