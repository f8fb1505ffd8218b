package io.microlith.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.microlith.internal.Json;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry from type names to the Java records that carry them, and the JSON mapping between
 * them (Jackson, with unknown JSON properties ignored so that old readers survive new fields).
 *
 * <p>A record registered without a name uses its simple class name: {@code Deposited}. Messages of
 * types that are not registered stay readable as raw {@link Message}s; {@link #decode(Message)} returns
 * empty for them. Thread-safe: types may be registered while messages are being decoded.
 */
public final class MessageTypes {
    private final Map<String, Class<? extends Record>> byName = new ConcurrentHashMap<>();
    private final Map<Class<?>, String> byClass = new ConcurrentHashMap<>();

    /** A registry holding the given records under their simple names. */
    @SafeVarargs
    public static MessageTypes of(Class<? extends Record>... types) {
        MessageTypes registry = new MessageTypes();
        for (Class<? extends Record> type : types) {
            registry.register(type);
        }
        return registry;
    }

    /** Registers a record under its simple class name. */
    public MessageTypes register(Class<? extends Record> type) {
        return register(type.getSimpleName(), type);
    }

    /**
     * Registers a record under a type name. Registering the same pair again does nothing.
     *
     * @throws IllegalArgumentException when the name is taken by another class, or the class by another name
     */
    public synchronized MessageTypes register(String typeName, Class<? extends Record> type) {
        Objects.requireNonNull(type, "type");
        if (typeName == null || typeName.isBlank()) {
            throw new IllegalArgumentException("A message type name must not be blank (class " + type.getName() + ")");
        }
        Class<? extends Record> existing = byName.get(typeName);
        if (existing != null && existing != type) {
            throw new IllegalArgumentException("Message type '" + typeName + "' is already registered to "
                    + existing.getName() + ", cannot register it to " + type.getName());
        }
        String existingName = byClass.get(type);
        if (existingName != null && !existingName.equals(typeName)) {
            throw new IllegalArgumentException(type.getName() + " is already registered as '" + existingName
                    + "', cannot register it as '" + typeName + "'");
        }
        byName.put(typeName, type);
        byClass.put(type, typeName);
        return this;
    }

    /** The type name of a registered record class. */
    public String typeName(Class<?> type) {
        String name = byClass.get(type);
        if (name == null) {
            throw new UnknownMessageTypeException(type.getName() + " is not a registered message type; register it first");
        }
        return name;
    }

    /** The record class registered under a type name, if any. */
    public Optional<Class<? extends Record>> recordClass(String typeName) {
        return Optional.ofNullable(byName.get(typeName));
    }

    /** Whether the type name is registered. */
    public boolean isRegistered(String typeName) {
        return byName.containsKey(typeName);
    }

    /** A message to write from a registered record, with a new random id. */
    public NewMessage toNewMessage(Record body, Metadata metadata) {
        return toNewMessage(MessageIds.next(), typeName(body.getClass()), body, metadata);
    }

    /**
     * A message to write from a record, with the given id and type name (registered or not). The record is
     * written as JSON here, with Jackson, so the JSON is not parsed again to check that it is well-formed
     * (decision 0001), as it is for text given to {@link NewMessage}'s constructor.
     */
    public NewMessage toNewMessage(UUID id, String typeName, Record body, Metadata metadata) {
        return NewMessage.withCheckedData(id, typeName, toJson(body), metadata);
    }

    /** A message to write from a registered record, with a new random id and empty metadata. */
    public NewMessage toNewMessage(Record body) {
        return toNewMessage(body, Metadata.EMPTY);
    }

    /** The record as JSON text. */
    public String toJson(Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + body.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The message's data as its registered record, or empty when its type is not registered. */
    public Optional<Record> decode(Message message) {
        return recordClass(message.type()).map(type -> read(message, type));
    }

    /**
     * The message's data as the given record.
     *
     * @throws IllegalArgumentException when the message's type is registered to another class, or its
     *                                  data does not fit the record
     */
    public <T extends Record> T decode(Message message, Class<T> type) {
        Class<? extends Record> registered = byName.get(message.type());
        if (registered != null && registered != type) {
            throw new IllegalArgumentException("Message " + message.id() + " has type '" + message.type()
                    + "', registered to " + registered.getName() + ", not " + type.getName());
        }
        return read(message, type);
    }

    private static <T> T read(Message message, Class<T> type) {
        if (message.data().length() > Json.MAX_DOCUMENT_LENGTH) {
            Json.requireReadableLength(message.data(), "Data of message " + message.id() + " (type " + message.type() + ")");
        }
        try {
            return Json.MAPPER.readValue(message.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Data of message " + message.id() + " (type " + message.type()
                    + ") does not fit " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
