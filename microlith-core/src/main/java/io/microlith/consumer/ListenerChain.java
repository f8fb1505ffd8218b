package io.microlith.consumer;

import io.microlith.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A consumer's listeners as one: the builder's own and those added beside it (metrics, monitors). A listener that
 * throws is logged and the others are still called: a metrics bug must not stop a consumer.
 */
final class ListenerChain implements ConsumerListener {
    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);

    private final List<ConsumerListener> listeners;

    private ListenerChain(List<ConsumerListener> listeners) {
        this.listeners = listeners;
    }

    /** {@code first} alone when nothing was added, else a chain of all. */
    static ConsumerListener of(ConsumerListener first, List<ConsumerListener> added) {
        if (added.isEmpty()) {
            return first;
        }
        List<ConsumerListener> all = new ArrayList<>(added.size() + 1);
        all.add(first);
        all.addAll(added);
        return new ListenerChain(List.copyOf(all));
    }

    private void each(Consumer<ConsumerListener> call) {
        for (ConsumerListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("A consumer listener failed; the others are still called", e);
            }
        }
    }

    @Override
    public void batchProcessed(long position, int messages) {
        each(l -> l.batchProcessed(position, messages));
    }

    @Override
    public void caughtUp(long position) {
        each(l -> l.caughtUp(position));
    }

    @Override
    public void stopped(ConsumerStatus.State state) {
        each(l -> l.stopped(state));
    }

    @Override
    public void handled(Message message, Duration took) {
        each(l -> l.handled(message, took));
    }

    @Override
    public void retrying(Message message, int attempt, Throwable failure) {
        each(l -> l.retrying(message, attempt, failure));
    }

    @Override
    public void parked(ParkedMessage parked) {
        each(l -> l.parked(parked));
    }
}
