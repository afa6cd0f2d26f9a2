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

/**
 * Text a client sends: no NUL (PostgreSQL cannot store it), at most {@link #max()} characters (code
 * points, as a person counts them), and as the options say, not blank and without control
 * characters. Each way to fail has its own detail, naming what is wrong.
 */
@Documented
@Constraint(validatedBy = Text.Validator.class)
@Target({ FIELD, PARAMETER, TYPE_USE })
@Retention(RUNTIME)
public @interface Text {

    int max() default Integer.MAX_VALUE;

    boolean notBlank() default false;

    boolean controlCharacters() default true;

    String message() default "must be text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<Text, String> {

        private Text rules;

        @Override
        public void initialize(Text rules) {
            this.rules = rules;
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            String problem = problem(rules, value);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }

        /** What is wrong with {@code value} under {@code rules}; null when nothing is. */
        static String problem(Text rules, String value) {
            if (value == null) {
                return null;
            }
            if (value.indexOf('\0') >= 0) {
                return "must not contain NUL characters";
            }
            String judged = value;
            if (rules.notBlank() && judged.isBlank()) {
                return "must not be blank";
            }
            if (judged.codePointCount(0, judged.length()) > rules.max()) {
                return "must be at most " + rules.max() + " characters";
            }
            if (!rules.controlCharacters() && judged.codePoints().anyMatch(Character::isISOControl)) {
                return "must not contain control characters";
            }
            return null;
        }
    }
}
