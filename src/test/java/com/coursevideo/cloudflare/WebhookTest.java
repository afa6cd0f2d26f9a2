package com.coursevideo.cloudflare;

import static com.coursevideo.AsAdmin.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.coursevideo.AsAdmin;
import com.coursevideo.RawHttp;
import com.coursevideo.TestData;
import com.coursevideo.dev.fake.StreamFake;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/** Cloudflare's notifications: verified on the raw bytes first, then applied like a sync. */
@QuarkusTest
class WebhookTest {

    final StreamFake fake = CloudflareFake.fake();

    @Inject
    StreamAccount account;

    String uid;
    String id;

    @BeforeEach
    void videoBeingProcessed() {
        fake.reset();
        fake.subscribeWebhook(RestAssured.baseURI + ":" + RestAssured.port + "/api/webhooks/cloudflare");
        uid = fake.addVideo("inprogress");
        fake.setState(uid, "inprogress", "30");
        Map<String, Object> body = TestData.video(TestData.newCourse(), "hooked");
        body.put("cloudflare_video_id", uid);
        id = TestData.newVideo(body);
    }

    @Test
    void signedNotificationFromCloudflareUpdatesTheVideo() throws Exception {
        fake.setState(uid, "ready", null);
        assertEquals(200, fake.deliverWebhook(uid).get());
        given().when().get("/api/videos/" + id).then()
                .body("status", equalTo("ready"))
                .body("processing_progress", equalTo(100))
                .body("duration", equalTo(42.5f));
    }

    @Test
    void signatureCoversTheRawBytesAsSent() {
        String body = "{ \"uid\" : \"" + uid + "\",\n  \"status\": {\"state\": \"error\", \"pctComplete\": \"0\","
                + " \"errorReasonCode\": \"ERR_MALFORMED_VIDEO\", \"errorReasonText\": \"bad file\"} }\n";
        send(body, signature(now(), body)).statusCode(200);
        given().when().get("/api/videos/" + id).then().body("status", equalTo("error"))
                .body("error_message", equalTo("ERR_MALFORMED_VIDEO: bad file"));
    }

    @Test
    void forgedSignatureIsRefusedAndChangesNothing() {
        String body = readyBody();
        String forged = "time=" + now() + ",sig1=" + WebhookSignature.sign("not-the-secret", now(), bytes(body));
        send(body, forged).statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("INVALID_SIGNATURE"));
        // a valid signature over other bytes
        send(body.replace("ready", "error"), signature(now(), body)).statusCode(401);
        send(body, null).statusCode(401);
        send(body, "garbage").statusCode(401);
        given().when().get("/api/videos/" + id).then().body("status", equalTo("queued"));
    }

    @Test
    void replayedNotificationOutsideTheWindowIsRefused() {
        String body = readyBody();
        String sixMinutesAgo = Long.toString(Instant.now().minusSeconds(360).getEpochSecond());
        send(body, signature(sixMinutesAgo, body)).statusCode(401);
        String sixMinutesAhead = Long.toString(Instant.now().plusSeconds(360).getEpochSecond());
        send(body, signature(sixMinutesAhead, body)).statusCode(401);
        given().when().get("/api/videos/" + id).then().body("status", equalTo("queued"));
        String fourMinutesAgo = Long.toString(Instant.now().minusSeconds(240).getEpochSecond());
        send(body, signature(fourMinutesAgo, body)).statusCode(200);
        given().when().get("/api/videos/" + id).then().body("status", equalTo("ready"));
    }

    @Test
    void cloudflaresVaryingTypesAreReadAsItMeansThem() {
        // a number for pctComplete and an empty error code: a client's body would be refused for either
        String body = "{\"uid\":\"" + uid + "\",\"status\":{\"state\":\"inprogress\",\"pctComplete\":55.5,"
                + "\"errorReasonCode\":\"\",\"errorReasonText\":\"\"},\"duration\":\"-1\"}";
        send(body, signature(now(), body)).statusCode(200);
        given().when().get("/api/videos/" + id).then().body("status", equalTo("inprogress")).body("processing_progress", equalTo(55));
    }

    @Test
    void unknownUidIsAcknowledgedAndIgnored() {
        String body = "{\"uid\":\"" + TestData.streamUid() + "\",\"status\":{\"state\":\"ready\"}}";
        send(body, signature(now(), body)).statusCode(200);
    }

    @Test
    void validSignatureOverGarbageIsInvalidInput() {
        String body = "{\"uid\": ";
        send(body, signature(now(), body)).statusCode(400).body("code", equalTo("INVALID_INPUT"));
    }

    @Test
    void anOlderNotificationThanTheRowReflectsChangesNothing() {
        Instant modified = Instant.now().minusSeconds(30);
        String ready = notification("ready", "100.000000", modified);
        send(ready, signature(now(), ready)).statusCode(200);
        given().when().get("/api/videos/" + id).then().body("status", equalTo("ready"));
        // a late notification of the state before, or a replay of it: validly signed, older by Cloudflare's clock
        String earlier = notification("inprogress", "40.000000", modified.minusSeconds(10));
        send(earlier, signature(now(), earlier)).statusCode(200);
        given().when().get("/api/videos/" + id).then().body("status", equalTo("ready")).body("processing_progress", equalTo(100));
        // the same moment again is applied (Cloudflare's own retry of one notification)
        send(ready, signature(now(), ready)).statusCode(200);
        String error = notification("error", "0", modified.plusSeconds(10));
        send(error, signature(now(), error)).statusCode(200);
        given().when().get("/api/videos/" + id).then().body("status", equalTo("error"));
    }

    @Test
    void aBodyOverSixtyFourKilobytesIs413BeforeItIsRead() throws Exception {
        String answer = RawHttp.headOnly("POST /api/webhooks/cloudflare HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nWebhook-Signature: time=" + now() + ",sig1=00\r\n"
                + "Content-Length: " + (64 * 1024 + 1));
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer);
        // at the limit the body is read, and its signature decides
        String padded = readyBody() + " ".repeat(64 * 1024 - readyBody().length());
        assertEquals(64 * 1024, bytes(padded).length);
        send(padded, signature(now(), padded)).statusCode(200);
    }

    @Test
    void theSignatureHeaderAndItsTimeAreCheckedBeforeTheBodyIsRead() throws Exception {
        String head = "POST /api/webhooks/cloudflare HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000";
        for (String signature : new String[] {"", "Webhook-Signature: garbage\r\n",
                "Webhook-Signature: time=" + Instant.now().minusSeconds(360).getEpochSecond() + ",sig1=00\r\n"}) {
            String answer = RawHttp.headOnly(head.replace("Content-Type", signature + "Content-Type"));
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertTrue(answer.contains("\"code\":\"INVALID_SIGNATURE\""), answer);
        }
    }

    @Test
    void aBodyWithoutADeclaredLengthIs411() throws Exception {
        String answer = RawHttp.headOnly("POST /api/webhooks/cloudflare HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nWebhook-Signature: time=" + now() + ",sig1=00\r\n"
                + "Transfer-Encoding: chunked");
        assertTrue(answer.startsWith("HTTP/1.1 411"), answer);
        assertTrue(answer.contains("\"code\":\"LENGTH_REQUIRED\""), answer);
    }

    private String notification(String state, String pctComplete, Instant modified) {
        return "{\"uid\":\"" + uid + "\",\"readyToStream\":" + state.equals("ready") + ",\"status\":{\"state\":\"" + state
                + "\",\"pctComplete\":\"" + pctComplete + "\"},\"duration\":12.0,\"modified\":\"" + modified + "\"}";
    }

    private String readyBody() {
        return "{\"uid\":\"" + uid + "\",\"readyToStream\":true,\"status\":{\"state\":\"ready\",\"pctComplete\":\"100.000000\"},"
                + "\"duration\":12.0}";
    }

    /** As Cloudflare sends it: signed, without a bearer token. */
    private ValidatableResponse send(String body, String signature) {
        var request = AsAdmin.anonymous().contentType("application/json").body(bytes(body));
        if (signature != null) {
            request.header("Webhook-Signature", signature);
        }
        return request.when().post("/api/webhooks/cloudflare").then();
    }

    private String signature(String time, String body) {
        return "time=" + time + ",sig1=" + WebhookSignature.sign(account.webhookSecret(), time, bytes(body));
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
