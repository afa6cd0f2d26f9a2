package com.coursevideo.http;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * The contract's JSON is snake_case. Set in code rather than with
 * {@code quarkus.jackson.property-naming-strategy}, which loads the strategy class by name at
 * run time and so fails in a native executable.
 */
@Singleton
public class JsonNaming implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }
}
