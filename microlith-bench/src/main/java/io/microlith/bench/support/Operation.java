package io.microlith.bench.support;

/** One unit of work of a load thread, e.g. one write call. */
@FunctionalInterface
public interface Operation {

    /** Does the work once and returns how many messages it handled. */
    int run() throws Exception;

    /** Makes each load thread's operation, so that a thread can own its state (random source, stream). */
    @FunctionalInterface
    interface Factory {
        Operation forThread(int thread);
    }
}
