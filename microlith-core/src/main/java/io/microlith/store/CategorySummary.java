package io.microlith.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store holds of one category ({@link StoreBrowser#categories()}).
 *
 * @param category           the category, e.g. {@code order} or {@code order:command}
 * @param messages           how many messages it holds, at least 1
 * @param streams            how many streams, at least 1
 * @param lastGlobalPosition the global position of its newest message
 * @param lastTime           when its newest message was written
 */
public record CategorySummary(String category, long messages, long streams, long lastGlobalPosition, Instant lastTime) {
    public CategorySummary {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(lastTime, "lastTime");
    }
}
