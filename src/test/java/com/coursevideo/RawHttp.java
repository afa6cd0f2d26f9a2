package com.coursevideo;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import io.restassured.RestAssured;

/** A request's head alone over a socket of its own: what the service answers before a single byte of the body arrives. */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line that ends them) to the
     * service under test and returns its whole answer; the service must answer and close without the body.
     */
    public static String headOnly(String head) throws IOException {
        try (Socket socket = new Socket(URI.create(RestAssured.baseURI).getHost(), RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((head + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
