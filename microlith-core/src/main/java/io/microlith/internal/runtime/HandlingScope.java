package io.microlith.internal.runtime;

import io.microlith.message.Message;

/**
 * The message a consumer is handling on the current thread, so that what its handler dispatches follows it
 * (decision 0038). Set by the consumer around each handler call, read by the buses' dispatch. Not API.
 *
 * <p>Why a thread-bound value: the handler's own code stays free of toolkit plumbing (it dispatches a plain record,
 * as the seeds do); the scope is exactly one handler call on the consumer's own thread (or a lane's), and is
 * restored afterwards, so nothing leaks to other messages or threads. Threads a handler starts itself see no scope.
 */
public final class HandlingScope {
    private static final ThreadLocal<Message> CURRENT = new ThreadLocal<>();

    private HandlingScope() {
    }

    /** A handler call that may throw anything. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call} with {@code message} as the message being handled, restoring the previous one after. */
    public static void run(Message message, Call call) throws Exception {
        Message previous = CURRENT.get();
        CURRENT.set(message);
        try {
            call.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The message being handled on this thread, or {@code null} outside a handler. */
    public static Message current() {
        return CURRENT.get();
    }
}
