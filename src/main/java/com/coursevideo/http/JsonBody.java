package com.coursevideo.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.function.BiFunction;

import com.coursevideo.error.VideoError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request body read strictly: a field of the wrong JSON type is an error naming the field,
 * never coerced, and an absent field is told apart from an explicit {@code null}.
 */
public final class JsonBody {

    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    public static JsonBody of(ObjectNode node) {
        if (node == null) {
            throw VideoError.invalidInput("request body must be a JSON object");
        }
        return new JsonBody(node);
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public Iterator<String> fieldNames() {
        return node.fieldNames();
    }

    /** The field's value read by {@code reader}; {@code null} when it is absent or null. */
    public <T> T optional(String field, BiFunction<String, JsonNode, T> reader) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : reader.apply(field, value);
    }

    /** The field's value read by {@code reader}; absent or null is an error. */
    public <T> T required(String field, BiFunction<String, JsonNode, T> reader) {
        T value = optional(field, reader);
        if (value == null) {
            throw VideoError.invalidInput(field + " is required");
        }
        return value;
    }

    // Readers: each takes the field name (for the error) and a non-null JSON value.

    public static String text(String field, JsonNode value) {
        if (!value.isTextual()) {
            throw VideoError.invalidInput(field + " must be a string");
        }
        if (value.textValue().indexOf('\0') >= 0) {
            // PostgreSQL cannot store it
            throw VideoError.invalidInput(field + " must not contain NUL characters");
        }
        return value.textValue();
    }

    /** A string of at most {@code max} characters, kept as sent. */
    public static BiFunction<String, JsonNode, String> textUpTo(int max) {
        return (field, value) -> checkLength(field, text(field, value), max);
    }

    /** A string with a non-blank character, at most {@code max} characters, kept as sent. */
    public static BiFunction<String, JsonNode, String> nonBlankText(int max) {
        return (field, value) -> {
            String text = text(field, value);
            if (text.isBlank()) {
                throw VideoError.invalidInput(field + " must not be blank");
            }
            return checkLength(field, text, max);
        };
    }

    /** A string with its surrounding white space removed: 1 to {@code max} characters. */
    public static BiFunction<String, JsonNode, String> trimmedText(int max) {
        return (field, value) -> trimmed(field, text(field, value), max);
    }

    public static String trimmed(String field, String text, int max) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw VideoError.invalidInput(field + " must not be blank");
        }
        return checkLength(field, trimmed, max);
    }

    public static String httpUrl(String field, JsonNode value) {
        String text = checkLength(field, text(field, value), 2048);
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw VideoError.invalidInput(field + " must be an absolute http(s) URL");
    }

    public static Double nonNegativeNumber(String field, JsonNode value) {
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0) {
            throw VideoError.invalidInput(field + " must be a number >= 0");
        }
        return value.doubleValue();
    }

    public static BiFunction<String, JsonNode, Integer> integerBetween(int min, int max) {
        return (field, value) -> {
            if (!value.isNumber() || !value.canConvertToExactIntegral()
                    || value.doubleValue() < min || value.doubleValue() > max) {
                throw VideoError.invalidInput(field + " must be an integer from " + min + " to " + max);
            }
            return value.intValue();
        };
    }

    public static Boolean bool(String field, JsonNode value) {
        if (!value.isBoolean()) {
            throw VideoError.invalidInput(field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** An ISO-8601 timestamp with an offset ({@code 2026-01-31T09:00:00Z}), in years 1 to 9999. */
    public static OffsetDateTime timestamp(String field, JsonNode value) {
        String text = text(field, value);
        try {
            OffsetDateTime timestamp = OffsetDateTime.parse(text);
            if (timestamp.getYear() >= 1 && timestamp.getYear() <= 9999) {
                return timestamp;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw VideoError.invalidInput(field + " must be an ISO-8601 timestamp with an offset, e.g. 2026-01-31T09:00:00Z");
    }

    public static ObjectNode object(String field, JsonNode value) {
        if (!value.isObject()) {
            throw VideoError.invalidInput(field + " must be a JSON object");
        }
        return (ObjectNode) value;
    }

    /** A JSON object of at most {@code maxBytes} as compact UTF-8 JSON, nested at most {@code maxDepth} levels (itself one). */
    public static BiFunction<String, JsonNode, ObjectNode> boundedObject(int maxBytes, int maxDepth) {
        return (field, value) -> {
            ObjectNode object = object(field, value);
            if (depth(object) > maxDepth) {
                throw VideoError.invalidInput(field + " must be nested at most " + maxDepth + " levels deep");
            }
            if (object.toString().getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                throw VideoError.invalidInput(field + " must be at most " + maxBytes + " bytes as JSON");
            }
            return object;
        };
    }

    /** Levels of objects and arrays: 1 for one without containers inside. */
    private static int depth(JsonNode container) {
        int deepest = 0;
        for (JsonNode child : container) {
            if (child.isContainerNode()) {
                deepest = Math.max(deepest, depth(child));
            }
        }
        return deepest + 1;
    }

    /** Text without control characters (tab, line breaks and the like), as identifiers in URLs need. */
    public static BiFunction<String, JsonNode, String> withoutControlCharacters(BiFunction<String, JsonNode, String> reader) {
        return (field, value) -> {
            String text = reader.apply(field, value);
            if (text.codePoints().anyMatch(Character::isISOControl)) {
                throw VideoError.invalidInput(field + " must not contain control characters");
            }
            return text;
        };
    }

    private static String checkLength(String field, String text, int max) {
        if (text.codePointCount(0, text.length()) > max) {
            throw VideoError.invalidInput(field + " must be at most " + max + " characters");
        }
        return text;
    }
}
