package io.microlith.store;

import io.microlith.message.Message;

import java.util.List;

/**
 * Reads by global position. <b>No reader skips:</b> a reader that asks again from the last global
 * position it saw + 1 is guaranteed to see every message committed since, including those of writes
 * that were still in flight during its previous read.
 */
public interface CategoryReader {

    /** Messages of one category, in global position order, filtered as the query says. */
    List<Message> readCategory(CategoryQuery query);

    /** {@link #readCategory(CategoryQuery)} without group or correlation filter. */
    default List<Message> readCategory(String category, long fromGlobalPosition, int batchSize) {
        return readCategory(CategoryQuery.of(category).from(fromGlobalPosition).batchSize(batchSize));
    }

    /** Messages of every stream with {@code globalPosition >= fromGlobalPosition}, in global order. */
    List<Message> readAll(long fromGlobalPosition, int batchSize);

    /** The highest global position committed and visible, {@code 0} when the store is empty. */
    long headGlobalPosition();
}
