package io.microlith;

import io.microlith.consumer.Consumer;
import io.microlith.consumer.ConsumerStatus;
import io.microlith.store.MessageStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** How {@link Microlith#awaitIdle(Duration)} waits: it polls the consumers until none is behind the store's head. */
final class IdleWait {
    private IdleWait() {
    }

    /**
     * Returns once every running consumer caught up with the head, and the head did not move meanwhile.
     *
     * @throws IllegalStateException when a consumer crashed, or some are still behind after {@code timeout}
     */
    static void await(MessageStore store, Supplier<List<Consumer>> consumers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long head = store.headGlobalPosition();
            List<String> behind;
            while (!(behind = behind(consumers.get(), head)).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Not idle after " + timeout.toMillis() + " ms: consumers "
                            + behind + " have not caught up with global position " + head);
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the consumers to be idle", e);
                }
            }
            if (store.headGlobalPosition() == head) {
                return;
            }
        }
    }

    private static List<String> behind(List<Consumer> consumers, long head) {
        List<String> behind = new ArrayList<>();
        for (Consumer consumer : consumers) {
            var status = consumer.status();
            if (status.state() == ConsumerStatus.State.CRASHED) {
                throw new IllegalStateException("Consumer " + consumer.name() + " of " + consumer.category()
                        + " crashed: " + status.lastError());
            }
            if (status.state() == ConsumerStatus.State.RUNNING && consumer.caughtUpTo() < head) {
                // an idle consumer learns of the new head only when it reads again
                consumer.wakeUp();
                behind.add(consumer.name() + " of " + consumer.category() + " at " + consumer.position());
            }
        }
        return behind;
    }
}
