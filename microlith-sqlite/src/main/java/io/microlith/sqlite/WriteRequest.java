package io.microlith.sqlite;

import io.microlith.message.Message;
import io.microlith.store.MessageStoreException;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One caller's {@code write(...)} call, queued for the writer. The caller blocks in {@link #await()} on a
 * {@link CompletableFuture} (it parks, so virtual threads unmount while waiting). The writer records an
 * outcome per attempt of a group commit and publishes it only once the commit is final.
 */
final class WriteRequest {
    final PreparedWrite[] writes;
    final int messageCount;
    /** The messages of an import ({@link SqliteMessageStore#importMessages}), written alone; {@code null} for a write. */
    final List<Message> imported;
    private final CompletableFuture<List<WriteResult>> future = new CompletableFuture<>();

    /** The outcome of the current attempt, owned by whoever commits it (under the writer's lock). */
    List<WriteResult> results;
    RuntimeException failure;

    private WriteRequest(PreparedWrite[] writes, int messageCount, List<Message> imported) {
        this.writes = writes;
        this.messageCount = messageCount;
        this.imported = imported;
    }

    static WriteRequest of(List<StreamWrite> writes) {
        PreparedWrite[] prepared = new PreparedWrite[writes.size()];
        int count = 0;
        for (int i = 0; i < prepared.length; i++) {
            prepared[i] = new PreparedWrite(writes.get(i));
            count += prepared[i].size();
        }
        return new WriteRequest(prepared, count, null);
    }

    /** An import of messages with their own positions, checked for coherence by the caller. */
    static WriteRequest importing(List<Message> messages) {
        return new WriteRequest(new PreparedWrite[0], messages.size(), List.copyOf(messages));
    }

    /** The queue's end marker. */
    static WriteRequest stop() {
        return new WriteRequest(new PreparedWrite[0], 0, null);
    }

    void resetAttempt() {
        results = null;
        failure = null;
    }

    boolean isDone() {
        return future.isDone();
    }

    /** Publishes the current attempt's outcome. */
    void publish() {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(results);
        }
    }

    void fail(RuntimeException exception) {
        future.completeExceptionally(exception);
    }

    List<WriteResult> await() {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new MessageStoreException("The SQLite writer failed", e.getCause());
        }
    }
}
