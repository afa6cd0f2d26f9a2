package com.coursevideo.cloudflare.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads a Stream signing key as Cloudflare hands it out ({@code pem}: base64 of a PKCS#1
 * {@code BEGIN RSA PRIVATE KEY} PEM) or as a plain PKCS#1 or PKCS#8 PEM. Java reads PKCS#8 only,
 * so a PKCS#1 key is wrapped in the PKCS#8 envelope (RFC 5208) first.
 */
public final class SigningKeys {

    /** DER of the PKCS#8 prefix fields: version 0 and AlgorithmIdentifier rsaEncryption with NULL parameters. */
    private static final byte[] VERSION_AND_RSA_ALGORITHM = {
            0x02, 0x01, 0x00,
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };

    private SigningKeys() {
    }

    public static PrivateKey parse(String configured) {
        String text = configured.strip();
        if (!text.contains("-----BEGIN")) {
            try {
                text = new String(Base64.getMimeDecoder().decode(text), StandardCharsets.US_ASCII);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the signing key is neither a PEM nor base64 of one");
            }
        }
        boolean pkcs1 = text.contains("-----BEGIN RSA PRIVATE KEY-----");
        if (!pkcs1 && !text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("the signing key is not an RSA private key PEM (PKCS#1 or PKCS#8)");
        }
        String body = text.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? pkcs8Of(der) : der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the signing key cannot be read as an RSA private key", e);
        }
    }

    /** The PKCS#1 RSAPrivateKey inside a key's PKCS#8 encoding. */
    public static byte[] pkcs1Of(PrivateKey key) {
        byte[] der = key.getEncoded();
        int[] at = { 0 };
        enter(der, at, 0x30);           // PrivateKeyInfo SEQUENCE
        skip(der, at, 0x02);            // version
        skip(der, at, 0x30);            // AlgorithmIdentifier
        int length = enter(der, at, 0x04); // OCTET STRING holding the RSAPrivateKey
        return Arrays.copyOfRange(der, at[0], at[0] + length);
    }

    static byte[] pkcs8Of(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(VERSION_AND_RSA_ALGORITHM);
        content.write(0x04);
        content.writeBytes(length(pkcs1.length));
        content.writeBytes(pkcs1);
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        sequence.write(0x30);
        sequence.writeBytes(length(content.size()));
        sequence.writeBytes(content.toByteArray());
        return sequence.toByteArray();
    }

    private static byte[] length(int length) {
        if (length < 0x80) {
            return new byte[] { (byte) length };
        }
        int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        byte[] encoded = new byte[bytes + 1];
        encoded[0] = (byte) (0x80 | bytes);
        for (int i = bytes; i > 0; i--) {
            encoded[i] = (byte) length;
            length >>>= 8;
        }
        return encoded;
    }

    /** Reads a tag and length at {@code at}, leaves {@code at} on the content, returns its length. */
    private static int enter(byte[] der, int[] at, int tag) {
        if ((der[at[0]++] & 0xff) != tag) {
            throw new IllegalArgumentException("unexpected DER structure");
        }
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }

    private static void skip(byte[] der, int[] at, int tag) {
        int length = enter(der, at, tag);
        at[0] += length;
    }
}
