package com.coursevideo.http;

import static com.coursevideo.AsAdmin.given;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;

/** Walks a paged list by its {@code Link: <…>; rel="next"} headers, as a client would. */
public final class Pages {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private Pages() {
    }

    /** The next page's path and query, or null on the last page. */
    public static String next(Response page) {
        String link = page.header("Link");
        if (link == null) {
            return null;
        }
        Matcher next = NEXT.matcher(link);
        if (!next.matches()) {
            throw new AssertionError("not an RFC 8288 next link: " + link);
        }
        return next.group(1);
    }

    /** One page, as the admin, from a path and query as the Link gives it (already encoded). */
    public static Response get(String pathAndQuery) {
        return given().urlEncodingEnabled(false).when().get(pathAndQuery).then().statusCode(200).extract().response();
    }

    /** The ids of every page from {@code first} on; {@code between} runs before each page after the first. */
    public static List<String> walk(String first, Runnable between) {
        List<String> ids = new ArrayList<>();
        String next = first;
        while (next != null) {
            Response page = get(next);
            ids.addAll(page.jsonPath().getList("id"));
            next = next(page);
            if (next != null) {
                between.run();
            }
        }
        return ids;
    }
}
