package com.coursevideo.ops;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Every request the tests send to the service's API, and its answer, checked against the OpenAPI
 * document, so that the code and the document cannot drift apart: the answer's status must be one
 * the operation documents, with a documented media type and a body that fits its schema; a request
 * the service accepted (2xx) must have had a body that fits the documented request body. A request
 * the service refused may be malformed on purpose (that is what the test checks): only its answer
 * is judged. Paths the document does not describe (an unknown route, say) must be answered with a
 * problem.
 */
public final class OpenApiValidation implements Filter {

    /** The one filter every request of the tests goes through. */
    public static final OpenApiValidation FILTER = new OpenApiValidation();

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApiValidation() {
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        String path = URI.create(request.getURI()).getRawPath();
        if (!path.startsWith("/api/")) {
            return response; // the management port, a fake's upload URL: not the API
        }
        List<String> problems = check(request, response, path);
        if (!problems.isEmpty()) {
            throw new AssertionError("the OpenAPI document and the service disagree about " + request.getMethod() + " "
                    + path + " → " + response.getStatusCode() + ":\n  " + String.join("\n  ", problems)
                    + "\nthe answer: " + shortened(response.asString()));
        }
        return response;
    }

    private static List<String> check(FilterableRequestSpecification request, Response response, String path) {
        OpenApiDocument document = OpenApiDocument.load();
        OpenApiDocument.Operation operation = document.operation(request.getMethod(), path);
        int status = response.getStatusCode();
        List<String> problems = new ArrayList<>();
        if (operation == null) {
            if (status < 400 || !String.valueOf(response.getContentType()).startsWith("application/problem+json")) {
                problems.add("no operation documented, yet it answered " + status + " " + response.getContentType());
            }
            return problems;
        }
        JsonNode documented = operation.response(status);
        if (documented == null) {
            problems.add(operation.name() + " does not document status " + status);
            return problems;
        }
        JsonNode content = documented.path("content");
        String body = response.asString();
        if (content.isMissingNode() || content.isEmpty()) {
            if (!body.isEmpty()) {
                problems.add("status " + status + " is documented without a body, yet one came");
            }
        } else {
            JsonNode schema = document.schemaFor(content, response.getContentType());
            if (schema == null) {
                problems.add("status " + status + " is documented as " + OpenApiDocument.mediaTypes(content) + ", not "
                        + response.getContentType());
            } else if (isJson(response.getContentType())) {
                document.violations(schema, body).forEach(violation -> problems.add("answer: " + violation));
            }
        }
        if (status >= 200 && status < 300) {
            checkRequest(document, operation, request, problems);
        }
        return problems;
    }

    /** A request the service accepted: its body was one the document describes. */
    private static void checkRequest(OpenApiDocument document, OpenApiDocument.Operation operation,
            FilterableRequestSpecification request, List<String> problems) {
        String body = body(request.getBody());
        if (body == null || body.isEmpty()) {
            return;
        }
        if (!operation.takesBody()) {
            problems.add(operation.name() + " documents no request body, yet it accepted one");
            return;
        }
        JsonNode schema = operation.requestSchema(request.getContentType());
        if (schema == null) {
            problems.add(operation.name() + " does not document a request body of " + request.getContentType());
        } else if (isJson(request.getContentType())) {
            document.violations(schema, body).forEach(violation -> problems.add("request: " + violation));
        }
    }

    private static boolean isJson(String mediaType) {
        return mediaType != null && mediaType.split(";")[0].strip().endsWith("json");
    }

    private static String body(Object body) {
        if (body == null) {
            return null;
        }
        if (body instanceof String text) {
            return text;
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return String.valueOf(body);
        }
    }

    private static String shortened(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
