package io.microlith.store;

import io.microlith.message.InvalidStreamNameException;
import io.microlith.message.MessageLimits;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;

import java.util.List;
import java.util.Objects;

/**
 * Messages to append to one stream, with the version the writer expects it to have and, for a write guarded
 * across streams, an append condition.
 *
 * @param streamName must name a stream (with an id), not a bare category, of at most
 *                   {@value MessageLimits#MAX_STREAM_NAME_BYTES} bytes in UTF-8
 * @param messages   one or more, in order
 * @param expected   checked against the stream before anything is written
 * @param condition  checked against the whole store before anything is written, or {@code null} for none
 *                   ({@link AppendCondition}); both checks apply when both are given
 */
public record StreamWrite(StreamName streamName, List<NewMessage> messages, ExpectedVersion expected,
                          AppendCondition condition) {
    public StreamWrite {
        Objects.requireNonNull(streamName, "streamName");
        if (streamName.isCategory()) {
            throw new InvalidStreamNameException(streamName.value(),
                    "cannot write to a bare category; add an id, e.g. " + streamName.value() + "-1");
        }
        // a name of a third of the limit in characters fits whatever they are (at most 3 UTF-8 bytes per char)
        long bytes = 3L * streamName.value().length() <= MessageLimits.MAX_STREAM_NAME_BYTES ? 0
                : MessageSizes.utf8Length(streamName.value());
        if (bytes > MessageLimits.MAX_STREAM_NAME_BYTES) {
            throw new InvalidStreamNameException(streamName.value(), "it is " + bytes + " bytes in UTF-8; a stream "
                    + "written is at most " + MessageLimits.MAX_STREAM_NAME_BYTES + " (name streams by a short id)");
        }
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("A write to " + streamName + " needs at least one message");
        }
        messages = List.copyOf(messages);
        expected = expected == null ? ExpectedVersion.any() : expected;
    }

    /** A write without append condition. */
    public StreamWrite(StreamName streamName, List<NewMessage> messages, ExpectedVersion expected) {
        this(streamName, messages, expected, null);
    }

    /** A write guarded by {@code condition}, whatever the stream's version. */
    public static StreamWrite of(StreamName streamName, AppendCondition condition, NewMessage... messages) {
        return new StreamWrite(streamName, List.of(messages), ExpectedVersion.any(),
                java.util.Objects.requireNonNull(condition, "condition"));
    }

    public static StreamWrite of(StreamName streamName, NewMessage message) {
        return new StreamWrite(streamName, List.of(message), ExpectedVersion.any());
    }

    public static StreamWrite of(StreamName streamName, ExpectedVersion expected, NewMessage... messages) {
        return new StreamWrite(streamName, List.of(messages), expected);
    }
}
