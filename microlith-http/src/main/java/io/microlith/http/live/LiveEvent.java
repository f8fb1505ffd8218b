package io.microlith.http.live;

import java.util.Objects;

/**
 * One notification sent to live subscribers.
 *
 * <p>Over WebSocket it is a text frame {@code {"type":..., "id":..., "data":...}}; over Server-Sent
 * Events it is {@code event: type}, {@code id: id} and {@code data: <data as JSON>}.
 *
 * @param type what changed, e.g. {@code order}; not blank, no line breaks
 * @param id   an id that increases with each change (a view's global position), or {@code null}
 * @param data the new state, written as JSON
 */
public record LiveEvent(String type, String id, Object data) {
    public LiveEvent {
        if (type == null || type.isBlank() || type.contains("\n") || type.contains("\r")) {
            throw new IllegalArgumentException("A live event type must be a non-blank single line, was " + type);
        }
        if (id != null && (id.contains("\n") || id.contains("\r"))) {
            throw new IllegalArgumentException("A live event id must be a single line, was " + id);
        }
        Objects.requireNonNull(data, "data");
    }
}
