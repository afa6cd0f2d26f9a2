package com.coursevideo.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;

import org.junit.jupiter.api.Test;

import com.coursevideo.Management;
import com.coursevideo.caption.CaptionResource;
import com.coursevideo.course.CourseResource;
import com.coursevideo.library.LibraryResource;
import com.coursevideo.progress.ProgressResource;
import com.coursevideo.report.CourseVideoReport;
import com.coursevideo.sync.StreamWebhookResource;
import com.coursevideo.sync.SyncResource;
import com.coursevideo.video.VideoBatchResource;
import com.coursevideo.video.VideoResource;

import io.quarkus.security.Authenticated;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The served OpenAPI document (management port) describes every endpoint of
 * the contract (src/test/resources/contract/api-contract.md), declares the role each endpoint's code requires, and passes redocly's
 * recommended lint without a warning.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final Path CONTRACT = Path.of("src", "test", "resources", "contract", "api-contract.md");
    /** A row of the contract's endpoint table: | `METHOD /path...` | */
    private static final Pattern ENDPOINT = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/api/[^`?\\s]*)[^`]*`");
    private static final List<Class<?>> RESOURCES = List.of(CourseResource.class, VideoResource.class, VideoBatchResource.class,
            SyncResource.class, StreamWebhookResource.class, CaptionResource.class, CourseVideoReport.class,
            LibraryResource.class, ProgressResource.class);

    @Test
    void documentsEveryContractEndpoint() throws Exception {
        assertTrue(Files.isReadable(CONTRACT), "the contract is expected at " + CONTRACT.toAbsolutePath());
        List<String[]> endpoints = new ArrayList<>();
        for (String line : Files.readAllLines(CONTRACT)) {
            Matcher row = ENDPOINT.matcher(line);
            if (row.find()) {
                endpoints.add(new String[] { row.group(1).toLowerCase(Locale.ROOT), normalize(row.group(2)) });
            }
        }
        assertTrue(endpoints.size() >= 15, "found the contract's endpoint table: " + endpoints.size());

        Map<String, Map<String, Object>> documented = paths();
        List<String> missing = new ArrayList<>();
        for (String[] endpoint : endpoints) {
            Map<String, Object> operations = documented.get(endpoint[1]);
            if (operations == null || !operations.containsKey(endpoint[0])) {
                missing.add(endpoint[0].toUpperCase(Locale.ROOT) + " " + endpoint[1]);
            }
        }
        assertFalse(!missing.isEmpty(), "not in the OpenAPI document: " + missing + "; documented: " + documented.keySet());
    }

    /** What the code declares on each endpoint is what the document tells client authors. */
    @Test
    @SuppressWarnings("unchecked")
    void declaresTheRoleEachEndpointRequires() {
        JsonPath document = document();
        List<Object> defaultSecurity = document.getList("security");
        Map<String, Map<String, Object>> documented = paths();
        int checked = 0;
        for (Class<?> resource : RESOURCES) {
            for (Method method : resource.getDeclaredMethods()) {
                String verb = verb(method);
                if (verb == null) {
                    continue;
                }
                String path = normalize(join(resource.getAnnotation(jakarta.ws.rs.Path.class),
                        method.getAnnotation(jakarta.ws.rs.Path.class)));
                Map<String, Object> operation = (Map<String, Object>) documented.getOrDefault(path, Map.of()).get(verb);
                assertTrue(operation != null, verb + " " + path + " is not documented");
                Object security = operation.getOrDefault("security", defaultSecurity);
                assertEquals(expectedSecurity(resource, method), security, verb + " " + path);
                checked++;
            }
        }
        assertTrue(checked >= 15, "checked " + checked + " endpoints");
    }

    @Test
    void passesRedoclyRecommendedLintWithoutWarnings() throws Exception {
        Path file = Path.of("target", "openapi-served.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, Management.given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString());
        Process lint = new ProcessBuilder("npx", "-y", "@redocly/cli@2.77.0", "lint", "--format=stylish",
                file.toString()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(5, TimeUnit.MINUTES), "redocly finished");
        assertEquals(0, lint.exitValue(), output);
        // stylish format: one "line:column  warning  rule  message" row per warning
        assertFalse(Pattern.compile("(?m)^\\s*\\d+:\\d+\\s+(warning|error)").matcher(output).find(), output);
    }

    private static List<Map<String, List<String>>> expectedSecurity(Class<?> resource, Method method) {
        if (method.isAnnotationPresent(PermitAll.class) || resource.isAnnotationPresent(PermitAll.class)) {
            return List.of();
        }
        if (method.isAnnotationPresent(Authenticated.class)) {
            return List.of(Map.of("bearer", List.of()));
        }
        RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                : resource.getAnnotation(RolesAllowed.class);
        return List.of(Map.of("bearer", List.of(roles.value())));
    }

    private static String verb(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String join(jakarta.ws.rs.Path base, jakarta.ws.rs.Path sub) {
        String path = base.value() + (sub == null ? "" : "/" + sub.value());
        return path.replaceAll("/+", "/");
    }

    private static JsonPath document() {
        return Management.given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Map<String, Object>> paths() {
        Map<String, Map<String, Object>> documented = new HashMap<>();
        document().<String, Map<String, Object>> getMap("paths")
                .forEach((path, operations) -> documented.put(normalize(path), operations));
        return documented;
    }

    /** Path parameters by position only: {courseId} and {id} look alike. */
    private static String normalize(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }
}
