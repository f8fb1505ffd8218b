package io.microlith.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microlith.internal.Json;
import io.microlith.internal.runtime.FatalErrors;
import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.store.StreamWrite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A consumer's parked messages, kept in its dead-letter stream as {@code Parked} and {@code Released}
 * messages so that they survive restarts. Holds are per stream: when the consumer's {@link HoldBack} holds
 * a parked message's stream, the rest of that stream is held back for this consumer.
 */
final class ParkingLot {
    static final String PARKED = "Parked";
    static final String RELEASED = "Released";
    /** The longest failure description a {@code Parked} record keeps. */
    static final int MAX_ERROR_LENGTH = 2000;

    private final MessageStore store;
    private final StreamName stream;
    private final Map<UUID, ParkedMessage> parked = new ConcurrentHashMap<>();
    /** Stream name -> the parked message that holds it. Concurrent: lanes of one batch may park at once. */
    private final Map<StreamName, ParkedMessage> holds = new ConcurrentHashMap<>();

    ParkingLot(MessageStore store, StreamName stream) {
        this.store = store;
        this.stream = stream;
    }

    StreamName stream() {
        return stream;
    }

    /** Rebuilds the parked set and holds from the dead-letter stream. */
    void load() {
        parked.clear();
        holds.clear();
        long from = 0;
        List<Message> batch;
        do {
            batch = store.readStream(stream, from, 1000);
            for (Message m : batch) {
                JsonNode data = Json.tree(m.data());
                UUID id = UUID.fromString(data.path("messageId").asText());
                if (PARKED.equals(m.type())) {
                    parked.put(id, new ParkedMessage(id, StreamName.of(data.path("streamName").asText()),
                            data.path("position").asLong(), data.path("globalPosition").asLong(),
                            data.path("type").asText(), data.path("error").asText(), data.path("attempts").asInt(),
                            data.path("holdsStream").asBoolean(), m.time()));
                } else if (RELEASED.equals(m.type())) {
                    parked.remove(id);
                }
            }
            from += batch.size();
        } while (batch.size() == 1000);
        for (ParkedMessage p : parked.values()) {
            if (p.holdsStream()) {
                holds.put(p.streamName(), p);
            }
        }
    }

    boolean isHeld(StreamName streamName) {
        return !holds.isEmpty() && holds.containsKey(streamName);
    }

    List<ParkedMessage> list() {
        List<ParkedMessage> list = new ArrayList<>(parked.values());
        list.sort(Comparator.comparingLong(ParkedMessage::globalPosition));
        return list;
    }

    int size() {
        return parked.size();
    }

    Optional<ParkedMessage> get(UUID messageId) {
        return Optional.ofNullable(parked.get(messageId));
    }

    /**
     * Parks a message, durable first, then in memory; in the same write releases {@code replaced} (when not
     * {@code null}: a replay that failed further on).
     */
    ParkedMessage park(Message message, Throwable error, int attempts, boolean holdStream, ParkedMessage replaced) {
        ParkedMessage p = new ParkedMessage(message.id(), message.streamName(), message.position(),
                message.globalPosition(), message.type(), describe(error), attempts, holdStream, Instant.now());
        List<NewMessage> writes = new ArrayList<>(2);
        if (replaced != null) {
            writes.add(released(replaced, "replayed up to " + message.streamName() + "/" + message.position()));
        }
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("messageId", p.messageId().toString());
        data.put("streamName", p.streamName().value());
        data.put("position", p.position());
        data.put("globalPosition", p.globalPosition());
        data.put("type", p.type());
        data.put("error", p.error());
        data.put("attempts", p.attempts());
        data.put("holdsStream", p.holdsStream());
        writes.add(NewMessage.of(PARKED, data.toString()));
        store.write(List.of(new StreamWrite(stream, writes, null)));
        if (replaced != null) {
            parked.remove(replaced.messageId());
            holds.remove(replaced.streamName());
        }
        parked.put(p.messageId(), p);
        if (holdStream) {
            holds.put(p.streamName(), p);
        }
        return p;
    }

    /** Marks a parked message as dealt with and lifts its hold. */
    void release(ParkedMessage p, String how) {
        store.write(stream, released(p, how));
        parked.remove(p.messageId());
        holds.remove(p.streamName());
    }

    private static NewMessage released(ParkedMessage p, String how) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("messageId", p.messageId().toString());
        data.put("how", how);
        return NewMessage.of(RELEASED, data.toString());
    }

    /**
     * {@code ExceptionClass: message}, cut to {@value #MAX_ERROR_LENGTH} characters. A failure's message may
     * quote the failing input at any length, and a {@code Parked} record larger than the store takes could
     * not be written: the consumer would retry parking forever. A message that cannot be had (its
     * {@code getMessage()} throws) is described as such, for the same reason.
     */
    static String describe(Throwable error) {
        String message;
        try {
            message = error.getMessage();
        } catch (Throwable t) {
            message = "(its message could not be read: " + FatalErrors.rethrowIfFatal(t).getClass().getName() + ")";
        }
        String description = error.getClass().getName() + ": " + message;
        return description.length() <= MAX_ERROR_LENGTH ? description
                : description.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
