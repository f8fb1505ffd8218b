package io.microlith.consumer;

import io.microlith.internal.runtime.FatalErrors;

/**
 * Stands in for a handler's failure that cannot be described: its {@code toString()} or {@code getMessage()}
 * (or a cause's) throws, as a message built lazily from hostile input may. Logging, recording and parking
 * the original would throw again outside the handler, and the consumer would retry the batch for ever; the
 * stand-in keeps the class name and the stack trace.
 */
final class UnreadableFailure extends RuntimeException {
    /** How far down the chain of causes a failure is tried. */
    private static final int MAX_CAUSES = 16;

    private UnreadableFailure(String message) {
        super(message, null, false, true);
    }

    /** {@code failure} when it and its causes can be described, else a stand-in. */
    static Throwable readable(Throwable failure) {
        try {
            Throwable t = failure;
            for (int i = 0; t != null && i < MAX_CAUSES; i++) {
                t.toString();
                t = t.getCause();
            }
            return failure;
        } catch (Throwable unreadable) {
            UnreadableFailure standIn = new UnreadableFailure(failure.getClass().getName()
                    + " (its message could not be read: " + FatalErrors.rethrowIfFatal(unreadable).getClass().getName()
                    + ")");
            standIn.setStackTrace(failure.getStackTrace());
            return standIn;
        }
    }
}
