package io.microlith.store;

import io.microlith.message.StreamName;

/**
 * What a successful write to one stream produced.
 *
 * @param streamName         the stream written
 * @param firstPosition      position of the first message written
 * @param version            the stream's version after the write (position of the last message written)
 * @param lastGlobalPosition global position of the last message written
 */
public record WriteResult(StreamName streamName, long firstPosition, long version, long lastGlobalPosition) {
}
