package io.microlith.http;

import io.microlith.bus.WaitTimeoutException;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sync over async for routes: blocks the (virtual) request thread until an outcome arrives or the
 * deadline passes, then answers 504 with a JSON body. A deadline answer does not undo anything: the
 * command stays written and may still be handled.
 */
public final class Await {
    private Await() {
    }

    /**
     * The future's value, or a 504 {@link HttpProblem} naming {@code what} when it is not there within
     * {@code deadline} (or the future itself failed with a {@link TimeoutException} or the buses' {@link WaitTimeoutException}). A future failed
     * with an {@link HttpProblem} rethrows it; other failures are rethrown unchecked (answered 500).
     */
    public static <T> T outcome(CompletableFuture<T> future, Duration deadline, String what) {
        try {
            return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw HttpProblem.timeout(what, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HttpProblem.timeout(what, deadline);
        } catch (CancellationException e) {
            throw HttpProblem.timeout(what, deadline);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (isTimeout(cause)) {
                throw HttpProblem.timeout(what, deadline);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Waiting for " + what + " failed", cause);
        }
    }

    /** Whether {@code failure} is (or is caused by) a timeout, whatever library raised it. */
    public static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof WaitTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
