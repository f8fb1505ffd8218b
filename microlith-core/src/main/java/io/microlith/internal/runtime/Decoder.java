package io.microlith.internal.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.microlith.internal.Json;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;

/**
 * Decodes message data to records like {@link MessageTypes#decode(Message, Class)}, with one prepared
 * Jackson reader per record class. Not API.
 *
 * <p>Why: consumers decode every message they handle; a prepared {@link ObjectReader} skips the mapper's
 * per-call root lookup, which showed in the catch-up benchmark's profile.
 */
public final class Decoder {
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return Json.MAPPER.readerFor(type);
        }
    };

    private Decoder() {
    }

    /**
     * The message's data as {@code type}.
     *
     * @throws IllegalArgumentException when the message's type name is registered to another class, or the
     *                                  data does not fit the record
     */
    public static <T> T decode(MessageTypes types, Message message, Class<T> type) {
        Class<?> registered = types.recordClass(message.type()).orElse(null);
        if ((registered != null && registered != type) || !types.isCurrent(message)) {
            // let the registry say it, in its words, or run the old data through the type's upcasters
            return type.cast(types.decode(message, type.asSubclass(Record.class)));
        }
        if (message.data().length() > Json.MAX_DOCUMENT_LENGTH) {
            Json.requireReadableLength(message.data(), "Data of message " + message.id() + " (type " + message.type() + ")");
        }
        try {
            return READERS.get(type).readValue(message.data());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Data of message " + message.id() + " (type " + message.type()
                    + ") does not fit " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
