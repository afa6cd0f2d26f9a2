package com.coursevideo.http.constraint;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A whole number from {@link #min()} to {@link #max()}; its detail also names what a value of another type should have been. */
@Documented
@Constraint(validatedBy = Between.Validator.class)
@Target({ FIELD, PARAMETER, TYPE_USE })
@Retention(RUNTIME)
public @interface Between {

    int min();

    int max();

    String message() default "must be an integer from {min} to {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<Between, Integer> {

        private int min;
        private int max;

        @Override
        public void initialize(Between range) {
            this.min = range.min();
            this.max = range.max();
        }

        @Override
        public boolean isValid(Integer value, ConstraintValidatorContext context) {
            return value == null || value >= min && value <= max;
        }
    }
}
