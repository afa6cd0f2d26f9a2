package com.coursevideo.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The service's OpenAPI document (src/main/resources/META-INF/openapi.yaml) as the tests check
 * traffic against it: which operation a request is, which statuses and media types it may answer,
 * and whether a JSON body fits the schema the document gives it (JSON Schema 2020-12, formats
 * asserted).
 */
final class OpenApiDocument {

    private static final Path DOCUMENT = Path.of("src", "main", "resources", "META-INF", "openapi.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static OpenApiDocument loaded;

    private final JsonNode document;
    private final List<Template> templates;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<JsonNode, JsonSchema> compiled = new ConcurrentHashMap<>();

    private OpenApiDocument(JsonNode document) {
        this.document = document;
        List<Template> found = new ArrayList<>();
        for (Iterator<String> paths = document.path("paths").fieldNames(); paths.hasNext();) {
            found.add(Template.of(paths.next()));
        }
        // a path of literal segments wins over one with a parameter in its place (/api/videos/batch over /api/videos/{id})
        found.sort(Comparator.comparingInt(Template::literals).reversed());
        this.templates = List.copyOf(found);
    }

    static synchronized OpenApiDocument load() {
        if (loaded == null) {
            try {
                loaded = new OpenApiDocument(YAML.readTree(Files.readString(DOCUMENT)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + DOCUMENT.toAbsolutePath(), e);
            }
        }
        return loaded;
    }

    /** The document's operation for the request, or null when it documents none (an unknown path or method). */
    Operation operation(String method, String path) {
        for (Template template : templates) {
            if (template.pattern().matcher(path).matches()) {
                JsonNode item = document.path("paths").path(template.text());
                JsonNode operation = resolve(item.path(method.toLowerCase(Locale.ROOT)));
                return operation.isMissingNode() || !METHODS.contains(method.toLowerCase(Locale.ROOT)) ? null
                        : new Operation(method.toUpperCase(Locale.ROOT) + " " + template.text(), operation);
            }
        }
        return null;
    }

    /** One documented operation. */
    final class Operation {

        private final String name;
        private final JsonNode node;

        private Operation(String name, JsonNode node) {
            this.name = name;
            this.node = node;
        }

        String name() {
            return name;
        }

        /** The response the document gives for the status (exact, then its class such as 4XX, then default); null when none. */
        JsonNode response(int status) {
            JsonNode responses = node.path("responses");
            for (String key : List.of(Integer.toString(status), status / 100 + "XX", "default")) {
                if (responses.has(key)) {
                    return resolve(responses.get(key));
                }
            }
            return null;
        }

        /** The request body's schema for the media type; null when the operation takes no such body. */
        JsonNode requestSchema(String mediaType) {
            return schemaFor(resolve(node.path("requestBody")).path("content"), mediaType);
        }

        boolean takesBody() {
            return !node.path("requestBody").isMissingNode();
        }
    }

    /** The schema of the content's entry for the media type (parameters ignored); null when there is none. */
    JsonNode schemaFor(JsonNode content, String mediaType) {
        if (mediaType == null || content.isMissingNode()) {
            return null;
        }
        String wanted = mediaType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        for (Iterator<String> types = content.fieldNames(); types.hasNext();) {
            String type = types.next();
            if (type.split(";")[0].strip().equalsIgnoreCase(wanted)) {
                JsonNode schema = content.get(type).path("schema");
                return schema.isMissingNode() ? JSON.createObjectNode() : schema;
            }
        }
        return null;
    }

    /** The media types the content names. */
    static Set<String> mediaTypes(JsonNode content) {
        Set<String> types = new java.util.TreeSet<>();
        content.fieldNames().forEachRemaining(types::add);
        return types;
    }

    /** What is wrong with {@code json} against {@code schema} (its $refs into this document resolved); empty when it fits. */
    List<String> violations(JsonNode schema, String json) {
        JsonNode instance;
        try {
            instance = JSON.readTree(json);
        } catch (IOException notJson) {
            return List.of("the body is not JSON: " + notJson.getMessage());
        }
        JsonSchema validator = compiled.computeIfAbsent(schema, node -> {
            ObjectNode root = JSON.createObjectNode();
            root.set("components", document.path("components"));
            root.putArray("allOf").add(node);
            return schemas.getSchema(root, config);
        });
        return validator.validate(instance).stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
    }

    /** A {@code $ref} into this document followed; any other node as it is. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    private record Template(String text, Pattern pattern, int literals) {

        static Template of(String text) {
            StringBuilder regex = new StringBuilder();
            int literals = 0;
            for (String segment : text.substring(1).split("/")) {
                regex.append('/');
                if (segment.startsWith("{")) {
                    regex.append("[^/]+");
                } else {
                    regex.append(Pattern.quote(segment));
                    literals++;
                }
            }
            return new Template(text, Pattern.compile(regex.toString()), literals);
        }
    }
}
