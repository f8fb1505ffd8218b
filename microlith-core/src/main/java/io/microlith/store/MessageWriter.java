package io.microlith.store;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;

import java.util.List;

/** Appends messages. Every overload funnels into {@link #write(List)}. */
public interface MessageWriter {

    /**
     * Writes to one or more streams in one transaction: either every message of every write is stored,
     * or none is. Each write's expected version is checked against its stream as it is when the
     * transaction runs; writes to the same stream in one call see each other (the second one's
     * expectation applies after the first one's messages). Likewise each write's {@link AppendCondition}, if any,
     * is checked against the whole store as the transaction sees it, including the messages of the earlier
     * writes of the call.
     *
     * <p>Concurrent calls are safe. Once this returns, the messages are durable as far as the store's
     * durability setting promises, and visible to every reader.
     *
     * @return one result per write, in the same order
     * @throws ExpectedVersionException    a stream was not at the expected version (nothing written)
     * @throws AppendConditionFailedException a message matching a write's condition was stored after the
     *                                     condition's position (nothing written)
     * @throws DuplicateMessageIdException a message id is already stored or repeated (nothing written)
     * @throws MessageTooLargeException    a message's data and metadata are more bytes than the store takes
     *                                     (nothing written)
     * @throws MessageStoreException       the store failed; whether anything was written is then unknown
     *                                     to the caller, so retry with the same message ids
     */
    List<WriteResult> write(List<StreamWrite> writes);

    /** Writes messages to one stream in one transaction, if the stream is at {@code expected}. */
    default WriteResult write(StreamName streamName, List<NewMessage> messages, ExpectedVersion expected) {
        return write(List.of(new StreamWrite(streamName, messages, expected))).get(0);
    }

    /**
     * Writes messages to one stream in one transaction, if no message matching {@code condition}'s query was stored
     * after its position, whatever the stream's version.
     *
     * @throws AppendConditionFailedException the condition did not hold (nothing written)
     */
    default WriteResult write(StreamName streamName, List<NewMessage> messages, AppendCondition condition) {
        return write(List.of(StreamWrite.of(streamName, condition, messages.toArray(NewMessage[]::new)))).get(0);
    }

    /** Writes one message to a stream, whatever its version. */
    default WriteResult write(StreamName streamName, NewMessage message) {
        return write(streamName, List.of(message), ExpectedVersion.any());
    }

    /** Writes one message to a stream if the stream is at {@code expected}. */
    default WriteResult write(StreamName streamName, NewMessage message, ExpectedVersion expected) {
        return write(streamName, List.of(message), expected);
    }
}
