package com.coursevideo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.coursevideo.error.VideoError;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = { "0f8e7a52-1c3d-4b5e-9f60-718293a4b5c6", "0F8E7A52-1C3D-4B5E-9F60-718293A4B5C6" })
    void canonicalUuidsParse(String id) {
        assertEquals(UUID.fromString(id), Ids.parse("id", id));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "not-a-uuid", "0f8e7a52-1c3d-4b5e-9f60-718293a4b5c", "0f8e7a52-1c3d-4b5e-9f60-718293a4b5c67",
            "0f8e7a521-c3d-4b5e-9f60-718293a4b5c6", "0f8e7a52-1c3d-4b5e-9f60+718293a4b5c6", "0f8e7a52-1c3d-4b5e-9f60-718293a4b5cg",
            "1-1-1-1-1", "0f8e7a52-1c3d-4b5e-9f60-718293a4b5c\u0663", "{f8e7a52-1c3d-4b5e-9f60-718293a4b5c6}" })
    void anythingElseIsInvalidInput(String id) {
        assertThrows(VideoError.class, () -> Ids.parse("id", id));
    }
}
