package io.microlith.internal.runtime;

import io.microlith.message.MessageTypes;
import io.microlith.message.UnknownMessageTypeException;

/** Type names for record classes, registering a class under its simple name the first time it is used. Not API. */
public final class TypeNames {
    private TypeNames() {
    }

    /**
     * The registered type name of {@code type}; a record class that is not registered yet is registered
     * under its simple name, so that explicit registration is only needed to choose another name.
     *
     * @throws IllegalArgumentException when {@code type} is not a record, or its simple name is taken by another class
     */
    @SuppressWarnings("unchecked")
    public static String of(MessageTypes types, Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException("A message body must be a record, got " + type.getName());
        }
        try {
            return types.typeName(type);
        } catch (UnknownMessageTypeException first) {
            // register() is idempotent for the same pair, so racing first uses are harmless
            types.register((Class<? extends Record>) type);
            return types.typeName(type);
        }
    }
}
