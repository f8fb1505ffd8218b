package io.microlith;

import io.microlith.consumer.Consumer;

import java.util.List;

/**
 * Something that runs consumers of its own and is started and stopped with a {@link Microlith}, such as
 * an aggregator of view data ({@code io.microlith.jdbc.Aggregator}). Hand it to
 * {@link Microlith#register(Managed)}: {@link Microlith#start()} starts it (at once when the Microlith is
 * already started), {@link Microlith#close()} stops it after the buses, and its {@link #consumers()} count
 * in {@link Microlith#consumers()} and {@link Microlith#awaitIdle}.
 *
 * <p>This is how adapter modules plug running parts into the Microlith without the core knowing them.
 */
public interface Managed {

    /** Starts it; returns it, for chaining. The Microlith calls it at most once per {@link Microlith#start()}. */
    Managed start();

    /** Stops it gracefully; does nothing when it is not running. Called once, from {@link Microlith#close()}. */
    void stop();

    /**
     * The consumers it runs now, for {@link Microlith#awaitIdle} to wait on: empty before start. May change
     * over time (a rebuild replaces a consumer); read it again rather than keep it.
     */
    List<Consumer> consumers();
}
