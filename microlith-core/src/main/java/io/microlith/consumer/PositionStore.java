package io.microlith.consumer;

import io.microlith.internal.Json;
import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;

import java.util.Optional;

/**
 * Where a consumer keeps the global position of the last message it processed.
 * A consumer resumes at the stored position + 1; {@code 0} means "from the start".
 */
public interface PositionStore {

    /** The last saved position, {@code 0} when none was ever saved. */
    long load();

    /** Saves {@code globalPosition} as the last processed. Called by one consumer thread at a time. */
    void save(long globalPosition);

    /**
     * Positions kept in a stream of the store, as Eventide does: each save appends a {@code Recorded}
     * message ({@code {"position": 42}}) and a load reads the stream's last one.
     */
    static PositionStore inStream(MessageStore store, StreamName stream) {
        return new StreamPositionStore(store, stream);
    }

    /** The message type of a saved position. */
    String RECORDED = "Recorded";

    /** {@link #inStream}'s implementation. */
    record StreamPositionStore(MessageStore store, StreamName stream) implements PositionStore {
        @Override
        public long load() {
            Optional<Message> last = store.lastMessage(stream, RECORDED);
            return last.map(m -> Json.tree(m.data()).path("position").asLong(0)).orElse(0L);
        }

        @Override
        public void save(long globalPosition) {
            store.write(stream, NewMessage.of(RECORDED, "{\"position\":" + globalPosition + "}"));
        }
    }
}
