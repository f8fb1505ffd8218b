package io.microlith.store;

import io.microlith.message.Message;
import io.microlith.message.StreamName;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Stores messages that were stored elsewhere exactly as they were: ids, stream positions, global positions, times,
 * types, data and metadata. It is how a store is copied into another ({@link StoreCopy}, the command line's
 * {@code copy}), for example from the embedded SQLite file to PostgreSQL. A role beside {@link MessageStore},
 * implemented by the SQLite and PostgreSQL stores and proven by the TCK's {@code ImportContract};
 * {@link #of(MessageStore)} finds it behind decorators.
 *
 * <p>{@link MessageWriter#write} assigns positions, so it cannot keep them; an import takes them as given and checks
 * that they keep the store's invariants: global positions strictly increase above the store's head (gaps are kept,
 * as a PostgreSQL source may have them), and every stream stays without gaps. Later writes get global positions
 * above the imported ones. An import is meant for a store nobody else writes yet (a new target); it is safe beside
 * other writers (it takes the store's write lock), but a write that commits first moves the head and refuses the
 * import.
 */
public interface MessageImporter {

    /**
     * Stores {@code messages} in one transaction, all or none, in the given order.
     *
     * @return the store's head global position afterwards (the last message's global position)
     * @throws IllegalArgumentException  the list is empty, or its global positions do not strictly increase, or a
     *                                   stream's positions in it have a gap, or it repeats an id
     * @throws ImportConflictException   the store disagrees: its head is at or above the first global position, a
     *                                   stream's version is not the position before the message's
     * @throws DuplicateMessageIdException an id is stored already (nothing written)
     * @throws MessageStoreException     the store failed; nothing or everything was written
     */
    long importMessages(List<Message> messages);

    /** The importer of {@code store}: the store itself, or the store a {@link ForwardingMessageStore} forwards to. */
    static Optional<MessageImporter> of(MessageStore store) {
        Objects.requireNonNull(store, "store");
        if (store instanceof MessageImporter importer) {
            return Optional.of(importer);
        }
        return store instanceof ForwardingMessageStore forwarding ? of(forwarding.delegate()) : Optional.empty();
    }

    /**
     * The checks of an import's own coherence, for implementations (the store's state is checked by each store, in
     * its transaction): not empty, global positions strictly increasing, each stream's positions following each
     * other within the list, no id twice, no bare category.
     *
     * @return for each stream of the list, the position of its first message in the list
     */
    static Map<StreamName, Long> requireCoherent(List<Message> messages) {
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("An import needs at least one message");
        }
        Map<StreamName, Long> first = new HashMap<>();
        Map<StreamName, Long> last = new HashMap<>();
        Set<UUID> ids = new HashSet<>();
        long previous = 0;
        for (Message message : messages) {
            Objects.requireNonNull(message, "message");
            if (message.globalPosition() <= previous) {
                throw new IllegalArgumentException("Imported global positions must strictly increase from 1: "
                        + message.globalPosition() + " (message " + message.id() + ") follows " + previous);
            }
            if (message.streamName().isCategory()) {
                throw new IllegalArgumentException("Message " + message.id() + " is in the bare category "
                        + message.streamName() + "; an import takes streams with an id only");
            }
            Long before = last.get(message.streamName());
            if (before != null && message.position() != before + 1) {
                throw new IllegalArgumentException("Stream " + message.streamName() + " would have a gap: position "
                        + message.position() + " (message " + message.id() + ") follows " + before);
            }
            if (!ids.add(message.id())) {
                throw new IllegalArgumentException("Message id " + message.id() + " is twice in the import");
            }
            first.putIfAbsent(message.streamName(), message.position());
            last.put(message.streamName(), message.position());
            previous = message.globalPosition();
        }
        return first;
    }
}
