package io.microlith.sqlite;

import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.MetadataJson;
import io.microlith.message.NewMessage;
import io.microlith.store.CommitNotifications.CommittedMessagesListener;
import io.microlith.store.CommitNotifications.Registration;
import io.microlith.store.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The store's {@link CommittedMessagesListener}s, called by the committing thread (the writer thread, or a
 * caller committing its own write, decision 0101) after each group commit with
 * the messages that commit stored. The messages are built from what the writer inserted (ids, positions,
 * time, data and metadata are at hand), so nobody reads them back; and only while someone listens, so a
 * store without listeners pays one emptiness check per commit.
 *
 * <p>Being called under the writer's lock, one commit at a time, is what orders the calls: commit order
 * is global-position order, and the next commit waits until every listener has returned.
 */
final class CommittedMessages {
    private static final Logger LOG = LoggerFactory.getLogger(CommittedMessages.class);

    private final List<CommittedMessagesListener> listeners = new CopyOnWriteArrayList<>();
    private final String description;

    CommittedMessages(String description) {
        this.description = description;
    }

    /** Adds a listener until the returned registration is closed (closing twice does nothing). */
    Registration add(CommittedMessagesListener listener) {
        Objects.requireNonNull(listener, "listener");
        // A fresh wrapper per registration: registering one listener twice gives two independent registrations.
        CommittedMessagesListener registered = listener::committed;
        listeners.add(registered);
        return () -> listeners.remove(registered);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    void clear() {
        listeners.clear();
    }

    /**
     * Hands the messages of the committed {@code batch} to every listener. Called by the writer after the
     * commit and before answering the callers. Requests that failed (conflict, duplicate id) or that were
     * answered earlier are skipped: only the stored messages are handed on. A listener that throws is
     * logged and the others are still called: the commit stands either way.
     *
     * @param micros the commit's time, as stored
     */
    void committed(List<WriteRequest> batch, long micros) {
        if (listeners.isEmpty()) {
            return;
        }
        List<Message> messages;
        try {
            messages = messagesOf(batch, micros);
        } catch (RuntimeException e) {
            // Cannot happen with what the writer accepted; but the commit is done, so it must not look failed.
            LOG.error("Could not build the committed messages of {}; its committed-messages listeners miss a commit",
                    description, e);
            return;
        }
        if (messages.isEmpty()) {
            return;
        }
        for (CommittedMessagesListener listener : listeners) {
            try {
                listener.committed(messages);
            } catch (RuntimeException e) {
                LOG.warn("A committed-messages listener of {} failed; the others are still called", description, e);
            }
        }
    }

    /** Hands an import's messages, as stored, to every listener (see {@link #committed}). */
    void imported(List<Message> messages) {
        for (CommittedMessagesListener listener : listeners) {
            try {
                listener.committed(messages);
            } catch (RuntimeException e) {
                LOG.warn("A committed-messages listener of {} failed; the others are still called", description, e);
            }
        }
    }

    /**
     * The stored messages of the batch in global-position order: the writer assigns global positions to the
     * accepted requests in batch order, and to the messages of one request in stream-write order, without gaps.
     */
    private static List<Message> messagesOf(List<WriteRequest> batch, long micros) {
        Instant time = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        List<Message> messages = new ArrayList<>();
        for (WriteRequest request : batch) {
            if (request.isDone() || request.failure != null) {
                continue;
            }
            for (int i = 0; i < request.writes.length; i++) {
                PreparedWrite write = request.writes[i];
                WriteResult result = request.results.get(i);
                long globalPosition = result.lastGlobalPosition() - write.size() + 1;
                long position = result.firstPosition();
                for (int m = 0; m < write.size(); m++) {
                    NewMessage message = write.messages.get(m);
                    messages.add(new Message(message.id(), write.streamName, message.type(), position + m,
                            globalPosition + m, time, message.data(), storedMetadata(write, m)));
                }
            }
        }
        return Collections.unmodifiableList(messages);
    }

    /**
     * The metadata as a reader gets it. Its named fields survive the JSON round trip unchanged, but user
     * properties may not (a Long may come back as an Integer, an object as a Map), so metadata with
     * properties is read back from the stored text, exactly as a reader would.
     */
    private static Metadata storedMetadata(PreparedWrite write, int index) {
        Metadata metadata = write.messages.get(index).metadata();
        return metadata.properties().isEmpty() ? metadata : MetadataJson.read(write.metadata[index]);
    }
}
