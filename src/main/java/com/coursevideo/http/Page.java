package com.coursevideo.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;

import com.coursevideo.error.VideoError;

/**
 * One page of a list: how many items ({@code limit}) after which one ({@code after}, an opaque
 * cursor this service issued), and the answer with {@code Link: <…>; rel="next"} (RFC 8288)
 * while more remain. A cursor holds the sort key of the last item of the page before, so a
 * page starts after it however rows change meanwhile: nothing is skipped or repeated.
 */
public record Page(int limit, List<String> after) {

    public static final int MAX_LIMIT = 1000;
    /** What a page of the catalogue lists holds unless the client says otherwise. */
    public static final int DEFAULT_LIMIT = 100;
    private static final String SEPARATOR = "\0"; // never in our text fields: PostgreSQL cannot store it

    /**
     * Reads the query parameters; an absent {@code limit} is {@code defaultLimit}.
     *
     * @param keyParts how many values a cursor of this list holds
     */
    public static Page read(String limit, String after, int defaultLimit, int keyParts) {
        return new Page(limit == null ? defaultLimit : limit(limit), after == null ? List.of() : decode(after, keyParts));
    }

    /** Whether this is the first page. */
    public boolean first() {
        return after.isEmpty();
    }

    /** The cursor value {@code part} of the item the page starts after. */
    public String after(int part) {
        return after.get(part);
    }

    /** The cursor value {@code part}, an id. */
    public UUID afterId(int part) {
        try {
            return Ids.parse("after", after.get(part));
        } catch (VideoError notAnId) {
            throw notACursor();
        }
    }

    /**
     * The answer for {@code rows}, read with one more than {@link #limit()}: the page, and the
     * link to the next one when that extra row came back.
     */
    public <T> RestResponse<List<T>> answer(List<T> rows, UriInfo request, Function<T, List<String>> keyOf) {
        return answer(rows, request, keyOf, Function.identity());
    }

    /** {@link #answer(List, UriInfo, Function)} with the page's items made into the body by {@code body}. */
    public <T, B> RestResponse<B> answer(List<T> rows, UriInfo request, Function<T, List<String>> keyOf,
            Function<List<T>, B> body) {
        if (rows.size() <= limit) {
            return RestResponse.ok(body.apply(rows));
        }
        List<T> page = rows.subList(0, limit);
        URI next = UriBuilder.fromUri(request.getRequestUri())
                .replaceQueryParam("after", encode(keyOf.apply(page.get(limit - 1)))).build();
        return RestResponse.ResponseBuilder.ok(body.apply(page))
                .header("Link", "<" + next.getRawPath() + "?" + next.getRawQuery() + ">; rel=\"next\"").build();
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw VideoError.invalidInput("limit must be an integer from 1 to " + MAX_LIMIT);
    }

    static String encode(List<String> key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, key).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> decode(String cursor, int keyParts) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> key = List.of(text.split(SEPARATOR, -1));
            if (key.size() == keyParts) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw notACursor();
    }

    private static VideoError notACursor() {
        return VideoError.invalidInput("after is not a cursor of this list: take it from the Link of the page before");
    }
}
