package io.microlith.bus;

/** A query was dispatched for which no handler is subscribed: it fails at once instead of timing out. */
public final class NoHandlerException extends RuntimeException {
    private final String type;

    public NoHandlerException(String type, String bus) {
        super("No handler is subscribed to " + type + " on the " + bus
                + "; subscribe one before dispatching, e.g. " + bus + ".subscribe(" + type + ".class, ...)");
        this.type = type;
    }

    /** The type name that has no handler. */
    public String type() {
        return type;
    }
}
