package io.microlith.store;

import io.microlith.message.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the messages matching a {@link MessageQuery} (tags, types, categories) across every stream: the read side
 * of a write guarded by an {@link AppendCondition}. Like every read by global position, it never skips a committed
 * message: reading again from the last global position seen + 1 gives everything committed since.
 */
public interface QueryReader {

    /**
     * The messages matching {@code query} with {@code globalPosition >= fromGlobalPosition}, in global position
     * order, at most {@code batchSize}. Empty when there are none.
     */
    List<Message> readMatching(MessageQuery query, long fromGlobalPosition, int batchSize);

    /**
     * Every message matching {@code query}, read in batches of {@value CategoryQuery#DEFAULT_BATCH_SIZE}, with the
     * condition a write decided on them must carry. Meant for small boundaries (a name, a seat, a balance):
     * everything matching is held in memory.
     */
    default ConsistencyBoundary readBoundary(MessageQuery query) {
        List<Message> messages = new ArrayList<>();
        long next = 1;
        while (true) {
            List<Message> batch = readMatching(query, next, CategoryQuery.DEFAULT_BATCH_SIZE);
            messages.addAll(batch);
            if (batch.size() < CategoryQuery.DEFAULT_BATCH_SIZE) {
                return ConsistencyBoundary.of(query, messages);
            }
            next = batch.getLast().globalPosition() + 1;
        }
    }
}
