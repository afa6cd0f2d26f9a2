package com.coursevideo.http;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read strictly: a value of the wrong JSON type is refused, never coerced (no
 * {@code "42"} for a number, no {@code 42} for a text, an enum or a timestamp, no {@code 42.5} for an
 * integer), so that {@link BodyProblems} can name the field and what it must be.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (CoercionInputShape scalar : new CoercionInputShape[] { CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // "" is not a missing value: an empty status or number is a wrong one
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("strict-text")
                .addDeserializer(OffsetDateTime.class, new Timestamps())
                .addDeserializer(UUID.class, new CanonicalUuids()));
    }

    /** Last, so that its readers replace the defaults Quarkus registers (the JSR-310 module's). */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    /** An ISO-8601 timestamp as text only: the default reader would take a number as epoch seconds. */
    private static final class Timestamps extends JsonDeserializer<OffsetDateTime> {

        @Override
        public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (OffsetDateTime) context.handleUnexpectedToken(OffsetDateTime.class, parser);
            }
            if (parser.getText().isBlank()) {
                return (OffsetDateTime) context.handleWeirdStringValue(OffsetDateTime.class, parser.getText(), "blank");
            }
            return InstantDeserializer.OFFSET_DATE_TIME.deserialize(parser, context);
        }
    }

    /** A UUID as text in its canonical form only: the default reader takes numbers and base64 too. */
    private static final class CanonicalUuids extends JsonDeserializer<UUID> {

        @Override
        public UUID deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (UUID) context.handleUnexpectedToken(UUID.class, parser);
            }
            if (!Ids.canonical(parser.getText())) {
                return (UUID) context.handleWeirdStringValue(UUID.class, parser.getText(), "not a UUID");
            }
            return UUID.fromString(parser.getText());
        }
    }
}
