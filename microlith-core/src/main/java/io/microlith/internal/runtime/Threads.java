package io.microlith.internal.runtime;

/** Thread helpers. Not API. */
public final class Threads {
    private Threads() {
    }

    /**
     * Waits until every thread has ended, even when interrupted meanwhile (the interrupt is kept for the
     * caller): the threads hold work that must finish before the caller goes on.
     */
    public static void joinUninterruptibly(Iterable<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
