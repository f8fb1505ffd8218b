package io.microlith.internal.runtime;

import io.microlith.message.StreamName;

/** Names of the toolkit's own streams beside a category. Not API. */
public final class Categories {
    private Categories() {
    }

    /**
     * The category {@code category} with one more category type: {@code account} and {@code position} give
     * {@code account:position}; {@code account:command} and {@code position} give {@code account:command+position}
     * (message-db's grammar, as Eventide names its position streams).
     */
    public static String withType(String category, String type) {
        StreamName.requireCategory(category);
        return category.indexOf(':') < 0 ? category + ":" + type : category + "+" + type;
    }

    /** The stream {@code withType(category, type)-id}. */
    public static StreamName stream(String category, String type, String id) {
        return StreamName.of(withType(category, type), id);
    }
}
