package com.coursevideo.dev.fake;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.coursevideo.cloudflare.signing.SigningKeys;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The fake's delivery host, under {@value #PATH} on its port: what
 * {@code {base}/{uid or signed token}/manifest/video.m3u8} and {@code …/thumbnails/thumbnail.jpg}
 * answer at Cloudflare, for the fake's ready videos. Every video is the same tiny real HLS stream
 * (src/test/browser/make-media.sh writes it into the directory the fake was given), so a browser
 * really plays it. As at Cloudflare, a video that requires signed URLs plays only through a token
 * signed with the account's signing key and not expired ({@code sub} its uid); a bare uid gets 401.
 * Any origin may load it (CORS), as from Cloudflare.
 */
final class FakeDelivery {

    static final String PATH = "/delivery";

    private static final Pattern UID = Pattern.compile("[0-9a-f]{32}");
    private static final Map<String, String> FILES = Map.of(
            "manifest/video.m3u8", "application/vnd.apple.mpegurl",
            "manifest/stream.m3u8", "application/vnd.apple.mpegurl",
            "manifest/init.mp4", "video/mp4",
            "thumbnails/thumbnail.jpg", "image/jpeg");
    private static final Pattern SEGMENT = Pattern.compile("manifest/segment-[0-9]{1,4}\\.m4s");

    private final Map<String, FakeVideo> videos;
    private final Supplier<String> signingKeyPem;
    private final Path media;
    private final Predicate<FakeVideo> isReady;

    /**
     * @param signingKeyPem the account's signing key, as Cloudflare hands it out
     * @param media the directory holding the stream
     * @param isReady whether a video is ready to stream now
     */
    FakeDelivery(Map<String, FakeVideo> videos, Supplier<String> signingKeyPem, Path media, Predicate<FakeVideo> isReady) {
        this.videos = videos;
        this.signingKeyPem = signingKeyPem;
        this.media = media;
        this.isReady = isReady;
    }

    void route(Router router) {
        router.getWithRegex(PATH + "/([^/]+)/(manifest/[^/]+|thumbnails/thumbnail\\.jpg)").handler(this::deliver);
    }

    private void deliver(RoutingContext context) {
        context.response().putHeader("Access-Control-Allow-Origin", "*");
        String key = context.pathParam("param0");
        String file = context.pathParam("param1");
        String type = FILES.containsKey(file) ? FILES.get(file) : SEGMENT.matcher(file).matches() ? "video/iso.segment" : null;
        if (type == null) {
            refuse(context, 404, "no such file");
            return;
        }
        String uid = UID.matcher(key).matches() ? key : subjectOfValid(key);
        FakeVideo video = uid == null ? null : videos.get(uid);
        if (uid == null) {
            refuse(context, 401, "the token is not one the account's signing key signed, or it expired");
        } else if (video == null || !isReady.test(video)) {
            refuse(context, 404, "no ready video " + uid);
        } else if (video.requireSignedUrls && uid.equals(key)) {
            refuse(context, 401, "this video requires a signed URL");
        } else {
            Path path = media.resolve(file.substring(file.indexOf('/') + 1));
            if (!Files.isRegularFile(path)) {
                refuse(context, 404, "the fake has no media at " + media.toAbsolutePath()
                        + ": run src/test/browser/make-media.sh " + media);
                return;
            }
            context.response().putHeader("Content-Type", type).sendFile(path.toString());
        }
    }

    private static void refuse(RoutingContext context, int status, String why) {
        context.response().setStatusCode(status).putHeader("Content-Type", "text/plain").end(why);
    }

    /** The {@code sub} of an RS256 token the signing key signed, valid now; null for anything else. */
    private String subjectOfValid(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(publicKey());
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            long now = Instant.now().getEpochSecond();
            if (claims.getLong("exp", 0L) <= now || claims.getLong("nbf", 0L) > now) {
                return null;
            }
            return claims.getString("sub");
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException malformed) {
            return null;
        }
    }

    private PublicKey publicKey() throws GeneralSecurityException {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) SigningKeys.parse(signingKeyPem.get());
        BigInteger modulus = key.getModulus();
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, key.getPublicExponent()));
    }
}
