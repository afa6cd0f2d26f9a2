package com.coursevideo.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * The front-end build's catalogue ({@code web/assets.json}, written by src/main/webui/build/assets.js):
 * every file it wrote, with its content type, ETag and the compressed copies beside it.
 */
final class AssetCatalogue {

    /** One file: {@code name} relative to {@code web/}; {@code encodings} in the order to prefer them. */
    record Asset(String name, String type, String etag, List<String> encodings) {

        /** Content-hashed names (everything under an {@code assets/} folder) never change content. */
        boolean hashed() {
            return name.contains("/assets/");
        }

        /** The compressed copy to send for an {@code Accept-Encoding}, or null for the file itself. */
        String encodingFor(String acceptEncoding) {
            if (acceptEncoding == null) {
                return null;
            }
            for (String encoding : encodings) {
                if (accepts(acceptEncoding, encoding)) {
                    return encoding;
                }
            }
            return null;
        }

        private static boolean accepts(String acceptEncoding, String encoding) {
            for (String part : acceptEncoding.split(",")) {
                String[] pieces = part.trim().split(";");
                if (pieces[0].trim().equalsIgnoreCase(encoding)) {
                    return pieces.length == 1 || !pieces[1].trim().replace(" ", "").matches("q=0(\\.0*)?");
                }
            }
            return false;
        }
    }

    private final Map<String, Asset> assets;

    private AssetCatalogue(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** The catalogue under {@code root} on the class path; empty when the front end was not built. */
    static AssetCatalogue read(String root) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(root + "assets.json")) {
            if (in == null) {
                return new AssetCatalogue(Map.of());
            }
            JsonObject files = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonObject("files");
            Map<String, Asset> assets = new HashMap<>();
            for (String name : files.fieldNames()) {
                JsonObject file = files.getJsonObject(name);
                @SuppressWarnings("unchecked")
                List<String> encodings = file.getJsonArray("encodings").getList();
                assets.put(name, new Asset(name, file.getString("type"), file.getString("etag"), List.copyOf(encodings)));
            }
            return new AssetCatalogue(Map.copyOf(assets));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Asset get(String name) {
        return assets.get(name);
    }

    boolean isEmpty() {
        return assets.isEmpty();
    }

    /** The file name suffix of a compressed copy. */
    static String suffixOf(String encoding) {
        if (encoding == null) {
            return "";
        }
        return "br".equals(encoding) ? ".br" : ".gz";
    }
}
