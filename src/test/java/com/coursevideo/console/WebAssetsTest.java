package com.coursevideo.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RedirectConfig;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How the console and the player are served (HTTP only, so that {@code WebAssetsIT} checks the
 * packaged service, jar or native executable, too): the page's CSP, caching by name, compressed
 * copies, and the first-load budget read from the build's own output.
 */
@QuarkusTest
class WebAssetsTest {

    private static final long FIRST_LOAD_BUDGET = 250 * 1024;

    /** No transparent decompression: the test sees the bytes as sent. */
    private static io.restassured.specification.RequestSpecification raw() {
        return RestAssured.given().config(RestAssured.config()
                .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders())
                .redirect(RedirectConfig.redirectConfig().followRedirects(false)));
    }

    private static String consoleScript() {
        String page = raw().when().get("/admin/").then().statusCode(200).extract().asString();
        Matcher script = Pattern.compile("src=\"\\.\\./(admin/assets/console-[^\"]+\\.js)\"").matcher(page);
        assertTrue(script.find(), "the page loads its script by a hashed name: " + page);
        return "/" + script.group(1);
    }

    @Test
    void theConsolePageCarriesAStrictContentSecurityPolicyAndIsRevalidated() {
        raw().when().get("/admin").then().statusCode(301).header("Location", "/admin/");
        ExtractableResponse<Response> page = raw().when().get("/admin/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("style-src 'self';"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", not(containsString("unsafe")))
                .header("Content-Security-Policy", containsString("connect-src 'self' "))
                .header("X-Content-Type-Options", "nosniff")
                .extract();
        String policy = page.header("Content-Security-Policy");
        assertTrue(policy.matches(".*media-src http://127\\.0\\.0\\.1:\\d+ blob:;.*"), "media from the (fake) delivery host: " + policy);
        assertTrue(policy.contains("https://upload.videodelivery.net"), "uploads go to Cloudflare's upload host: " + policy);
        assertTrue(!page.asString().contains("<script>") && !page.asString().contains("style="), "no inline script or style");
        raw().header("If-None-Match", page.header("ETag")).when().get("/admin/").then().statusCode(304);
    }

    @Test
    void hashedFilesAreCachedForAYearAndSentCompressed() {
        String script = consoleScript();
        raw().header("Accept-Encoding", "gzip, deflate, br").when().get(script).then().statusCode(200)
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("Content-Encoding", "br")
                .header("Vary", "Accept-Encoding")
                .contentType(startsWith("text/javascript"));
        raw().header("Accept-Encoding", "gzip").when().get(script).then().statusCode(200).header("Content-Encoding", "gzip");
        raw().header("Accept-Encoding", "br;q=0, gzip").when().get(script).then().header("Content-Encoding", "gzip");
        String plain = raw().when().get(script).then().statusCode(200).header("Content-Encoding", (String) null)
                .extract().asString();
        assertTrue(plain.contains("customElements"), "the script itself");
    }

    @Test
    void thePlayerHasAFixedNameAnyOriginMayLoad() {
        raw().header("Origin", "https://platform.example").when().get("/player/course-video.js").then().statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("Cache-Control", "no-cache")
                .header("Access-Control-Allow-Origin", "*")
                .header("Cross-Origin-Resource-Policy", "cross-origin")
                .body(containsString("course-video"));
        raw().when().head("/player/course-video.js").then().statusCode(200).body(equalTo(""));
    }

    @Test
    void onlyTheBuildsFilesAreServed() {
        raw().when().get("/admin/assets/nothing-here.js").then().statusCode(404);
        raw().when().get("/admin/assets.json").then().statusCode(404);
        raw().when().get("/player/../web/assets.json").then().statusCode(404);
        raw().when().post("/admin/").then().statusCode(not(equalTo(200)));
    }

    /** The page, the scripts it loads before running and its CSS, gzipped as the build wrote them: at most 250 KB. */
    @Test
    void theConsolesFirstLoadIsAtMost250KilobytesCompressed() throws IOException {
        JsonObject catalogue = new JsonObject(read("web/assets.json"));
        JsonArray files = catalogue.getJsonObject("first_load").getJsonArray("files");
        assertTrue(files.contains("admin/index.html") && files.size() >= 3, "the page, its script, its CSS: " + files);
        long total = 0;
        for (Object file : files) {
            String name = (String) file;
            if (name.endsWith(".js") || name.endsWith(".css")) {
                total += gzipped(readBytes("web/" + name));
            }
        }
        assertTrue(total > 10 * 1024 && total <= FIRST_LOAD_BUDGET, "first load, JS and CSS gzipped: " + total + " bytes");
    }

    private static long gzipped(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.size();
    }

    private static String read(String resource) throws IOException {
        return new String(readBytes(resource), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(String resource) throws IOException {
        try (InputStream in = WebAssetsTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError(resource + " is not on the class path: the front end was not built");
            }
            return in.readAllBytes();
        }
    }
}
