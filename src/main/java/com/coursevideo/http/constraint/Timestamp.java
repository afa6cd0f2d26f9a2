package com.coursevideo.http.constraint;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import java.time.OffsetDateTime;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** An ISO-8601 timestamp with an offset, in years 1 to 9999 (what PostgreSQL and the contract hold). */
@Documented
@Constraint(validatedBy = Timestamp.Validator.class)
@Target({ FIELD, PARAMETER, TYPE_USE })
@Retention(RUNTIME)
public @interface Timestamp {

    String message() default "must be an ISO-8601 timestamp with an offset, e.g. 2026-01-31T09:00:00Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<Timestamp, OffsetDateTime> {

        @Override
        public boolean isValid(OffsetDateTime value, ConstraintValidatorContext context) {
            return value == null || value.getYear() >= 1 && value.getYear() <= 9999;
        }
    }
}
