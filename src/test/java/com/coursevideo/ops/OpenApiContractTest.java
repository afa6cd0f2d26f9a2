package com.coursevideo.ops;

import com.coursevideo.Management;
import static com.coursevideo.AsAdmin.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The served OpenAPI document describes every endpoint of ../shared/api-contract.md. */
@QuarkusTest
class OpenApiContractTest {

    private static final Path CONTRACT = Path.of("..", "shared", "api-contract.md");
    /** A row of the contract's endpoint table: | `METHOD /path...` | */
    private static final Pattern ENDPOINT = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/api/[^`?\\s]*)[^`]*`");

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

        Map<String, Map<String, Object>> paths = Management.given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Map<String, Map<String, Object>> documented = new java.util.HashMap<>();
        paths.forEach((path, operations) -> documented.put(normalize(path), operations));

        List<String> missing = new ArrayList<>();
        for (String[] endpoint : endpoints) {
            Map<String, Object> operations = documented.get(endpoint[1]);
            if (operations == null || !operations.containsKey(endpoint[0])) {
                missing.add(endpoint[0].toUpperCase(Locale.ROOT) + " " + endpoint[1]);
            }
        }
        assertFalse(!missing.isEmpty(), "not in the OpenAPI document: " + missing + "; documented: " + documented.keySet());
    }

    /** Path parameters by position only: {courseId} and {id} look alike. */
    private static String normalize(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }
}
