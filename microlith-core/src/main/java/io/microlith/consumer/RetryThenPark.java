package io.microlith.consumer;

import io.microlith.internal.runtime.FatalErrors;
import io.microlith.internal.runtime.WakeUps;
import io.microlith.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Handles one message under the consumer's {@link RetryPolicy}: tries again with backoff while its handlers
 * fail, and after the last attempt parks it in the {@link ParkingLot} (holding back its stream when the
 * {@link HoldBack} says so for that stream). Used by every batch mode and by replays.
 *
 * <p>{@link #attempt(HandlerCall)} is the one place that decides which failures of handler code are retried
 * and parked (all but the JVM's own exhaustion or breakage, {@link FatalErrors}), and which crash the consumer.
 */
final class RetryThenPark {
    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);

    private final String consumer;
    private final Dispatcher dispatcher;
    private final RetryPolicy retry;
    private final HoldBack holdBack;
    private final ParkingLot parking;
    /** {@code null} unless the position is saved in the handlers' transaction. */
    private final TransactionalPositionStore transactional;
    private final PositionKeeper positions;
    private final WakeUps wakeUps;
    private final LastError lastError;
    private final ConsumerListener listener;

    RetryThenPark(String consumer, Dispatcher dispatcher, ConsumerOptions options, ParkingLot parking,
                  TransactionalPositionStore transactional, PositionKeeper positions, WakeUps wakeUps,
                  LastError lastError, ConsumerListener listener) {
        this.consumer = consumer;
        this.dispatcher = dispatcher;
        this.retry = options.retry();
        this.holdBack = options.holdBack();
        this.parking = parking;
        this.transactional = transactional;
        this.positions = positions;
        this.wakeUps = wakeUps;
        this.lastError = lastError;
        this.listener = listener;
    }

    /** Handler code run once, in whatever wrapping it needs (a transaction). */
    @FunctionalInterface
    interface HandlerCall {
        void run() throws Exception;
    }

    /**
     * Runs handler code once. Whatever it throws is the handler's failure, to retry and then park: any
     * exception, and any error but the JVM's own exhaustion or breakage ({@link FatalErrors#isFatal}), which
     * propagates and crashes the consumer without saving its position (going on would not be safe).
     *
     * @return {@code null} when the call returned normally, else its failure
     */
    static Throwable attempt(HandlerCall call) {
        try {
            call.run();
            return null;
        } catch (Throwable t) {
            return UnreadableFailure.readable(FatalErrors.rethrowIfFatal(t));
        }
    }

    /** Whether the message is for this consumer's handlers now: it has one, and its stream is not held. */
    boolean isDue(Message message) {
        return !parking.isHeld(message.streamName()) && dispatcher.handles(message.type());
    }

    /** Whether a handler takes messages of {@code type}, held stream or not. */
    boolean handlesType(String type) {
        return dispatcher.handles(type);
    }

    /**
     * Handles the message if it is {@link #isDue due}.
     *
     * @return true when handled (and, when transactional, committed with its position); false when not due
     * or parked
     */
    boolean handleIfDue(Message message) {
        return isDue(message) && handle(message, null);
    }

    /**
     * Handles one message under the retry policy; parks it after the last attempt.
     *
     * @param replacing the parked message a replay is working through, or {@code null}
     * @return true when handled (and, when transactional, committed with its position), false when parked
     * @throws ReplayFailedException when a replay's message is parked
     * @throws Abandoned             when the consumer stops during a backoff (not in a replay)
     */
    boolean handle(Message message, ParkedMessage replacing) {
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            Throwable failure = attempt(() -> handleOnce(message, replacing == null));
            if (failure == null) {
                listener.handled(message, Duration.ofNanos(System.nanoTime() - start));
                return true;
            }
            lastError.record(failure);
            if (attempt >= retry.maxAttempts()) {
                LOG.warn("Consumer {} parks message {} ({} at {}/{}) after {} attempts", consumer, message.id(),
                        message.type(), message.streamName(), message.position(), attempt, failure);
                ParkedMessage parked = parking.park(message, failure, attempt, holdBack.holds(message.streamName()),
                        replacing);
                listener.parked(parked);
                if (replacing != null) {
                    throw new ReplayFailedException(parked, failure);
                }
                return false;
            }
            LOG.debug("Consumer {} retries message {} after attempt {}", consumer, message.id(), attempt, failure);
            listener.retrying(message, attempt, failure);
            wakeUps.sleep(retry.backoffAfter(attempt).toNanos());
            if (wakeUps.stopping() && replacing == null) {
                throw new Abandoned();
            }
        }
    }

    private void handleOnce(Message message, boolean advance) throws Exception {
        if (transactional == null) {
            dispatcher.dispatch(message);
            return;
        }
        transactional.begin();
        try {
            dispatcher.dispatch(message);
            // a replay handles messages behind the position, which must not move back
            transactional.commit(advance ? message.globalPosition() : positions.position());
        } catch (Throwable t) {
            transactional.rollback();
            throw t;
        }
    }

    /** Thrown when a stop interrupts a retry: the message will be handled after restart. */
    static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }
}
