package com.coursevideo.http;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.coursevideo.error.ProblemMapper;
import com.coursevideo.error.VideoError;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;

/**
 * What is wrong with a request body, in the words the contract promises: the field, and what it
 * must be. A value of the wrong JSON type names what the field takes ({@code title must be a
 * string}, {@code duration must be a number >= 0}: a field's {@code @JsonPropertyDescription} says
 * it where its Java type cannot); a value that breaks a constraint names the constraint's message.
 * The same words whether the body came whole ({@link #invalidBody}, {@link #invalidValues}) or an
 * item at a time ({@link #read}, a batch's).
 */
@Singleton
public class BodyProblems {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final Set<Class<?>> TEXT_LIKE = Set.of(String.class, UUID.class, java.time.OffsetDateTime.class);

    private final ObjectMapper json;
    private final Validator validator;

    BodyProblems(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** The body must be there: {@code INVALID_INPUT} when the request had none (or {@code null}). */
    public static <T> T required(T body) {
        if (body == null) {
            throw VideoError.invalidInput("request body must be a JSON object");
        }
        return body;
    }

    /** {@code node} read as {@code type} and validated, as a whole body would be; {@code INVALID_INPUT} naming what is wrong. */
    public <T> T read(JsonNode node, Class<T> type) {
        T value;
        try {
            value = json.treeToValue(node, type);
        } catch (JsonMappingException wrong) {
            throw problem(wrong);
        } catch (com.fasterxml.jackson.core.JsonProcessingException unreadable) {
            throw VideoError.invalidInput("request body must be a JSON object");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(required(value));
        if (!violations.isEmpty()) {
            throw problem(violations);
        }
        return value;
    }

    /** Named one by one: Quarkus's own mapper of the most common of them would answer otherwise. */
    @ServerExceptionMapper({ JsonMappingException.class, MismatchedInputException.class, InvalidFormatException.class,
            ValueInstantiationException.class })
    public Response invalidBody(JsonMappingException wrong) {
        return ProblemMapper.response(problem(wrong));
    }

    /** A body whose values break their constraints (RESTEasy's {@code @Valid} check, or one of ours). */
    @ServerExceptionMapper({ ConstraintViolationException.class, ResteasyReactiveViolationException.class })
    public Response invalidValues(ConstraintViolationException violations) {
        return ProblemMapper.response(problem(violations.getConstraintViolations()));
    }

    private VideoError problem(JsonMappingException wrong) {
        if (wrong instanceof ValueInstantiationException made && made.getCause() instanceof VideoError refused) {
            return refused; // a record that checks its fields together (a release window) refused them
        }
        String field = field(wrong.getPath());
        if (field == null) {
            return VideoError.invalidInput("request body must be a JSON object");
        }
        return VideoError.invalidInput(field + " must be " + expected(wrong));
    }

    /** What the field takes, as a client should read it. */
    private String expected(JsonMappingException wrong) {
        Class<?> target = wrong instanceof MismatchedInputException mismatch
                && mismatch.getTargetType() != null ? mismatch.getTargetType() : Object.class;
        boolean aWrongText = wrong instanceof InvalidFormatException format && format.getValue() instanceof String;
        if (target.isEnum()) {
            return aWrongText ? "one of " + String.join(", ", Arrays.stream(target.getEnumConstants())
                    .map(constant -> json.convertValue(constant, String.class)).toList()) : "a string";
        }
        if (TEXT_LIKE.contains(target) && !aWrongText) {
            return "a string";
        }
        String described = description(wrong.getPath());
        if (described != null) {
            return described;
        }
        if (target == Boolean.class || target == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "a number";
        }
        if (List.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        return target == String.class ? "a string" : "a JSON object";
    }

    /** The field's {@code @JsonPropertyDescription}, found through Jackson's own view of the record; null when it has none. */
    private String description(List<JsonMappingException.Reference> path) {
        JsonMappingException.Reference last = named(path);
        if (last == null || last.getFrom() == null) {
            return null;
        }
        Class<?> owner = last.getFrom() instanceof Class<?> type ? type : last.getFrom().getClass();
        BeanDescription bean = json.getDeserializationConfig().introspect(json.constructType(owner));
        return bean.findProperties().stream()
                .filter(property -> property.getName().equals(last.getFieldName()))
                .map(BeanPropertyDefinition::getMetadata)
                .map(metadata -> metadata.getDescription())
                .filter(description -> description != null && !description.isBlank())
                .findFirst().orElse(null);
    }

    private static VideoError problem(Set<? extends ConstraintViolation<?>> violations) {
        // the same answer for the same body: by field name
        ConstraintViolation<?> first = violations.stream()
                .min(Comparator.comparing(violation -> field(violation.getPropertyPath()))).orElseThrow();
        return VideoError.invalidInput(field(first.getPropertyPath()) + " " + first.getMessage());
    }

    /** The JSON name of the field the path ends in (an array's items are named by their array). */
    private static String field(List<JsonMappingException.Reference> path) {
        JsonMappingException.Reference last = named(path);
        return last == null ? null : last.getFieldName();
    }

    private static JsonMappingException.Reference named(List<JsonMappingException.Reference> path) {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (path.get(i).getFieldName() != null) {
                return path.get(i);
            }
        }
        return null;
    }

    /** A violation's field, as JSON names it: the last property of the path (a method parameter's path starts with the method). */
    private static String field(Path path) {
        String name = null;
        for (Path.Node node : path) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                name = node.getName();
            }
        }
        return name == null ? "request body" : SNAKE_CASE.translate(name);
    }
}
