package io.microlith.store;

import io.microlith.message.StreamName;

import java.util.UUID;

/**
 * A message larger than the store takes: its data and metadata, as UTF-8 JSON, are more bytes than the store's
 * maximum ({@link AbstractMessageStore#maxMessageBytes()}, 1 MiB by default). The whole write is refused and
 * nothing of it is stored; writing it again will fail again.
 */
public final class MessageTooLargeException extends IllegalArgumentException {
    private final StreamName streamName;
    private final String type;
    private final UUID messageId;
    private final long bytes;
    private final int maxBytes;

    public MessageTooLargeException(StreamName streamName, String type, UUID messageId, long bytes, int maxBytes) {
        super("Message " + messageId + " of type " + type + " to stream " + streamName + " is " + bytes
                + " bytes (data and metadata), more than the store's maximum of " + maxBytes
                + " bytes (maxMessageBytes); nothing of this write was stored");
        this.streamName = streamName;
        this.type = type;
        this.messageId = messageId;
        this.bytes = bytes;
        this.maxBytes = maxBytes;
    }

    public StreamName streamName() {
        return streamName;
    }

    public String type() {
        return type;
    }

    public UUID messageId() {
        return messageId;
    }

    /** The message's size: its data and metadata as UTF-8 JSON, in bytes. */
    public long bytes() {
        return bytes;
    }

    /** The store's maximum. */
    public int maxBytes() {
        return maxBytes;
    }
}
