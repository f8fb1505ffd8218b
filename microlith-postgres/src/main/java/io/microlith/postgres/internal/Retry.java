package io.microlith.postgres.internal;

import io.microlith.store.MessageStoreException;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Retries work that failed because the connection to the server was lost or refused, with backoff, for
 * at most a configured time. Other failures are not retried.
 */
public final class Retry {
    static final long FIRST_PAUSE_MS = 10;
    static final long LONGEST_PAUSE_MS = 1000;
    private final Duration retryFor;

    public Retry(Duration retryFor) {
        this.retryFor = retryFor;
    }

    /** Work on a connection that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} until it succeeds, fails with a non-transient error (thrown as it is), or transient
     * failures outlast the retry time (thrown as a {@link MessageStoreException} naming {@code what}).
     */
    public <T> T run(String what, Work<T> work) throws SQLException {
        long deadline = System.nanoTime() + retryFor.toNanos();
        long pause = FIRST_PAUSE_MS;
        while (true) {
            try {
                return work.run();
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e)) {
                    throw e;
                }
                if (System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw new MessageStoreException(what + " failed: the database stayed unreachable for "
                            + retryFor.toSeconds() + " s (" + e.getMessage() + ")", e);
                }
                pause(pause);
                pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
            }
        }
    }

    /** A deadline {@link #retryFor} from now, for loops that retry by themselves. */
    public long deadline() {
        return System.nanoTime() + retryFor.toNanos();
    }

    public Duration retryFor() {
        return retryFor;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessageStoreException("Interrupted while waiting to retry", e);
        }
    }
}
