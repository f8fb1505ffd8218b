package io.microlith.store;

import io.microlith.message.StreamName;

import java.time.Instant;
import java.util.Objects;

/**
 * What a store holds of one stream ({@link StoreBrowser#streams}).
 *
 * @param streamName         the stream
 * @param messages           how many messages it holds, at least 1
 * @param version            the position of its last message (one less than {@code messages})
 * @param lastGlobalPosition the global position of its last message
 * @param lastTime           when its last message was written
 */
public record StreamSummary(StreamName streamName, long messages, long version, long lastGlobalPosition,
                            Instant lastTime) {
    public StreamSummary {
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(lastTime, "lastTime");
    }
}
