package com.coursevideo.cloudflare;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * How Cloudflare's JSON is read: leniently, unlike request bodies. The service's mapper refuses a
 * number where a text belongs so that a client learns which field is wrong; Cloudflare is not told
 * anything, and its answers do vary ({@code pctComplete} as {@code "42.5"} or {@code 42.5}, an
 * empty {@code errorReasonCode}), so what it sends is taken as it means it.
 */
@ApplicationScoped
public class CloudflareJson {

    private final ObjectMapper mapper;

    CloudflareJson(ObjectMapper strict) {
        ObjectMapper lenient = strict.copy();
        lenient.disable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        lenient.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        lenient.enable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        lenient.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsNull);
        for (CoercionInputShape scalar : new CoercionInputShape[] { CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean }) {
            lenient.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.TryConvert);
        }
        for (LogicalType number : new LogicalType[] { LogicalType.Integer, LogicalType.Float, LogicalType.Boolean }) {
            lenient.coercionConfigFor(number).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        }
        this.mapper = lenient;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** The video object a Cloudflare webhook sends; fails with an IOException when the body is not one. */
    public StreamVideo notification(byte[] body) throws IOException {
        return mapper.readValue(body, StreamVideo.class);
    }
}
