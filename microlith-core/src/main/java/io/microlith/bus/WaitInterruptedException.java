package io.microlith.bus;

/** A blocking wait was interrupted; the thread's interrupt flag is set again. */
public final class WaitInterruptedException extends RuntimeException {
    public WaitInterruptedException(InterruptedException cause) {
        super("Interrupted while waiting for a correlated message", cause);
    }
}
