package io.microlith.bus;

/** A message was dispatched without a stream, and no route says where its type goes. */
public final class NoRouteException extends RuntimeException {
    private final Class<?> type;

    public NoRouteException(Class<?> type) {
        super("No route for " + type.getSimpleName() + ": configure one, e.g. config.route("
                + type.getSimpleName() + ".class, \"category\", message -> id), or dispatch to an explicit stream");
        this.type = type;
    }

    public Class<?> type() {
        return type;
    }
}
