package com.coursevideo.progress;

import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A watched stretch {@code [from, to]}: two finite numbers, {@code 0 <= from < to}. */
@Documented
@Constraint(validatedBy = Stretch.Validator.class)
@Target(TYPE_USE)
@Retention(RUNTIME)
@interface Stretch {

    String message() default Heartbeat.WATCHED_RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<Stretch, List<Double>> {

        @Override
        public boolean isValid(List<Double> stretch, ConstraintValidatorContext context) {
            if (stretch == null) {
                return true; // @NotNull's to say
            }
            if (stretch.size() != 2 || stretch.get(0) == null || stretch.get(1) == null) {
                return false;
            }
            double from = stretch.get(0);
            double to = stretch.get(1);
            return Double.isFinite(from) && Double.isFinite(to) && from >= 0 && from < to;
        }
    }
}
