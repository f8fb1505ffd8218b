package io.microlith.http;

import java.util.Base64;

/** The {@code Sec-WebSocket-Key} of an upgrade: RFC 6455 asks for 16 random bytes in Base64 (24 characters). */
final class WebSocketKeys {
    private WebSocketKeys() {
    }

    /** @throws HttpProblem 400 when {@code key} is absent or not 16 bytes in Base64 */
    static void require(String key) {
        if (key == null || key.length() != 24 || decodedLength(key) != 16) {
            throw HttpProblem.badRequest("Sec-WebSocket-Key must be 16 bytes in Base64");
        }
    }

    private static int decodedLength(String key) {
        try {
            return Base64.getDecoder().decode(key).length;
        } catch (IllegalArgumentException notBase64) {
            return -1;
        }
    }
}
