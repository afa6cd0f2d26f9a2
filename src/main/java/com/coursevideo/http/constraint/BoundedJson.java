package com.coursevideo.http.constraint;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON object of at most {@link #bytes()} as compact UTF-8 JSON, nested at most {@link #depth()} levels (itself one). */
@Documented
@Constraint(validatedBy = BoundedJson.Validator.class)
@Target({ FIELD, PARAMETER, TYPE_USE })
@Retention(RUNTIME)
public @interface BoundedJson {

    int bytes();

    int depth();

    String message() default "must be a JSON object";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<BoundedJson, JsonNode> {

        private BoundedJson bounds;

        @Override
        public void initialize(BoundedJson bounds) {
            this.bounds = bounds;
        }

        @Override
        public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
            if (value == null || value.isNull()) {
                return true;
            }
            String problem = !value.isObject() ? "must be a JSON object"
                    : depth(value) > bounds.depth() ? "must be nested at most " + bounds.depth() + " levels deep"
                    : value.toString().getBytes(StandardCharsets.UTF_8).length > bounds.bytes()
                            ? "must be at most " + bounds.bytes() + " bytes as JSON" : null;
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
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
    }
}
