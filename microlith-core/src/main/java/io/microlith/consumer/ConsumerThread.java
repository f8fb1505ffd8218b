package io.microlith.consumer;

import io.microlith.internal.runtime.Threads;
import io.microlith.internal.runtime.WakeUps;

import java.util.List;

/**
 * A consumer's life cycle, {@link ConsumerStatus.State#NEW NEW} to {@link ConsumerStatus.State#RUNNING RUNNING}
 * to {@link ConsumerStatus.State#STOPPED STOPPED} or {@link ConsumerStatus.State#CRASHED CRASHED}, and the
 * virtual thread its {@link Subscription} runs on.
 */
final class ConsumerThread {
    private final String consumer;
    private final Subscription subscription;
    private final WakeUps wakeUps;
    private final ConsumerListener listener;
    private final Object lifecycle = new Object();
    private volatile Thread thread;
    private volatile ConsumerStatus.State state = ConsumerStatus.State.NEW;

    ConsumerThread(String consumer, Subscription subscription, WakeUps wakeUps, ConsumerListener listener) {
        this.consumer = consumer;
        this.subscription = subscription;
        this.wakeUps = wakeUps;
        this.listener = listener;
    }

    ConsumerStatus.State state() {
        return state;
    }

    /**
     * Runs {@code load} (on the calling thread), then the subscription on a thread of its own.
     *
     * @throws IllegalStateException when started before
     */
    void start(Runnable load) {
        synchronized (lifecycle) {
            if (state != ConsumerStatus.State.NEW) {
                throw new IllegalStateException("Consumer " + consumer + " was already started (" + state + ")");
            }
            load.run();
            Thread loop = Thread.ofVirtual().name("consumer-" + consumer).unstarted(this::run);
            subscription.open(loop);
            state = ConsumerStatus.State.RUNNING;
            thread = loop;
            loop.start();
        }
    }

    private void run() {
        try {
            state = subscription.run();
        } finally {
            subscription.close();
            synchronized (lifecycle) {
                thread = null;
            }
            listener.stopped(state);
        }
    }

    /** Stops the subscription and waits for its thread to end; a consumer never started cannot start after. */
    void stop() {
        Thread running;
        synchronized (lifecycle) {
            wakeUps.stop();
            running = thread;
            if (state == ConsumerStatus.State.NEW) {
                state = ConsumerStatus.State.STOPPED;
            }
        }
        if (running != null) {
            Threads.joinUninterruptibly(List.of(running));
        }
    }
}
