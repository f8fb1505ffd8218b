package io.microlith.bus;

import io.microlith.consumer.Handler;
import io.microlith.consumer.MessageHandler;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * What the command bus and the event bus share: dispatching writes a message to the store (durable, one
 * transaction), and subscribers are fed by a consumer reading the message's category.
 *
 * <p><b>Where a message goes.</b> {@link #dispatch(Envelope)} writes to the stream its type's route names
 * ({@code config.route(RegisterCommand.class, "identity:command", RegisterCommand::userId)} sends it to
 * {@code identity:command-<userId>}); the other overloads name the stream. A dispatch whose envelope id is
 * already stored fails with {@code DuplicateMessageIdException} and stores nothing, so a retry with the same
 * envelope never stores it twice.
 *
 * <p><b>Subscribers.</b> All subscriptions of one bus to one category share one consumer (so that a
 * component sees its commands in order), named after the bus, which keeps its position in the store and
 * starts with {@code Microlith.start()}; handlers run on its virtual thread, one message at a time, with the
 * consumer's retry and park policy. Delivery is at least once: handlers must be idempotent.
 */
public interface DurableBus extends Requests {

    /**
     * Writes the message to {@code streamName} if the stream is at {@code expected}.
     *
     * @throws io.microlith.store.ExpectedVersionException    the stream is elsewhere (nothing written)
     * @throws io.microlith.store.DuplicateMessageIdException the envelope's id is already stored (nothing written)
     */
    Dispatched dispatch(StreamName streamName, Envelope<?> envelope, ExpectedVersion expected);

    /** Writes the message to {@code streamName}, whatever its version. */
    default Dispatched dispatch(StreamName streamName, Envelope<?> envelope) {
        return dispatch(streamName, envelope, ExpectedVersion.any());
    }

    /**
     * Writes the message to the stream its type's route names.
     *
     * @throws NoRouteException when its type has no route
     */
    Dispatched dispatch(Envelope<?> envelope);

    /**
     * Dispatches a message with a new id to the stream its route names; {@code body} is a record (typed as itself or
     * as its sealed family). Outside a handler it starts no conversation; inside one it follows the message being
     * handled.
     *
     * @throws IllegalArgumentException when {@code body} is not a record
     */
    default Dispatched dispatch(Object body) {
        return body instanceof Envelope<?> envelope ? dispatch(envelope) : dispatch(Envelope.of(body));
    }

    /**
     * Subscribes {@code handler} to messages of {@code type} in the category of the type's route.
     *
     * @throws NoRouteException      when the type has no route (use {@link #subscribe(String, Class, Handler)})
     * @throws IllegalStateException when the bus's consumer of that category is already running
     */
    <T extends Record> void subscribe(Class<T> type, Handler<? super T> handler);

    /** {@link #subscribe(Class, Handler)} with the stored message beside the body, for its metadata. */
    <T extends Record> void subscribe(Class<T> type, MessageHandler<? super T> handler);

    /** Subscribes to messages of {@code type} in {@code category}, whatever the type's route. */
    <T extends Record> void subscribe(String category, Class<T> type, Handler<? super T> handler);

    /** Subscribes to messages of {@code type} in {@code category}, with the stored message. */
    <T extends Record> void subscribe(String category, Class<T> type, MessageHandler<? super T> handler);

    /** Registers the wait, then dispatches {@code message} to the stream its route names. */
    @Override
    default <T> CompletableFuture<T> requestAsync(Envelope<?> message, Class<T> outcome, Duration timeout) {
        CompletableFuture<T> answer = waitForAsync(Requests.correlationOf(message), outcome, timeout);
        try {
            dispatch(message);
        } catch (RuntimeException | Error e) {
            answer.cancel(false);
            throw e;
        }
        return answer;
    }

    /**
     * Completes with the first stored message correlated to {@code correlationId} whose type name is one of
     * {@code typeNames}; the untyped form of {@link #waitForAsync(String, Collection, Duration)}.
     */
    CompletableFuture<Message> waitForMessageAsync(String correlationId, Collection<String> typeNames, Duration timeout);

    /** Blocking {@link #waitForMessageAsync(String, Collection, Duration)}. */
    default Message waitForMessage(String correlationId, Collection<String> typeNames, Duration timeout) {
        return CorrelationWaits.await(waitForMessageAsync(correlationId, typeNames, timeout));
    }
}
