package io.microlith.message;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a message's data from one schema version of its type into the next (decision 0085).
 *
 * <p>Registered per type and version with {@link MessageTypes#upcaster(String, int, Upcaster)}; on read, the
 * registry runs the chain from the stored version up to the current one before Jackson maps the JSON to the
 * record. The stored message never changes. An upcaster may change the node it is given and return it, or
 * return a new one: rename a field ({@code data.set("email", data.remove("mail"))}), split one, or add one with
 * a default ({@code data.put("currency", "EUR")}).
 */
@FunctionalInterface
public interface Upcaster {

    /**
     * The data in the next version's shape.
     *
     * @param data the data in the version this upcaster was registered for; never {@code null}
     */
    ObjectNode upcast(ObjectNode data);
}
