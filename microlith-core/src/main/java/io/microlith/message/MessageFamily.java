package io.microlith.message;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The records a message type stands for: a record stands for itself; a sealed interface stands for every record
 * it permits, directly or through sealed sub-interfaces. This is how one call routes, registers or waits for a
 * whole family of messages:
 *
 * <pre>{@code
 * sealed interface LoginOutcome permits UserLoggedIn, LoginRejected {}
 * MessageFamily.recordsOf(LoginOutcome.class); // [UserLoggedIn, LoginRejected]
 * }</pre>
 */
public final class MessageFamily {
    private MessageFamily() {
    }

    /**
     * The records {@code type} stands for, in declaration order ({@code permits} order for sealed interfaces).
     *
     * @throws IllegalArgumentException when {@code type} is neither a record nor a sealed interface whose permitted
     *                                  types are all records or sealed interfaces of records
     */
    @SuppressWarnings("unchecked")
    public static List<Class<? extends Record>> recordsOf(Class<?> type) {
        Objects.requireNonNull(type, "type");
        if (type.isRecord()) {
            return List.of((Class<? extends Record>) type);
        }
        if (!type.isInterface() || !type.isSealed()) {
            throw new IllegalArgumentException("A message type must be a record or a sealed interface of records, got "
                    + type.getName());
        }
        Set<Class<? extends Record>> records = new LinkedHashSet<>();
        collect(type, type, records);
        return List.copyOf(new ArrayList<>(records));
    }

    @SuppressWarnings("unchecked")
    private static void collect(Class<?> root, Class<?> type, Set<Class<? extends Record>> records) {
        for (Class<?> permitted : type.getPermittedSubclasses()) {
            if (permitted.isRecord()) {
                records.add((Class<? extends Record>) permitted);
            } else if (permitted.isInterface() && permitted.isSealed()) {
                collect(root, permitted, records);
            } else {
                throw new IllegalArgumentException("The sealed message family " + root.getName() + " permits "
                        + permitted.getName() + ", which is neither a record nor a sealed interface of records");
            }
        }
    }
}
