package io.microlith.bus;

import io.microlith.internal.runtime.TypeNames;
import io.microlith.message.Message;
import io.microlith.message.MessageIds;
import io.microlith.message.MessageTypes;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;

import java.util.Objects;
import java.util.UUID;

/**
 * A message about to be dispatched: its body (a record), its id and its metadata.
 *
 * <p>The seeds' vocabulary maps to three factories: {@link #of(Record)} is a plain message,
 * {@link #correlated(Record)} starts a conversation with a fresh correlation id, and
 * {@link #follows(Message, Record)} continues one: it copies the cause's correlation id, correlation
 * stream and reply stream, and records the cause as causation.
 *
 * <pre>{@code
 * var login = Envelope.correlated(new LoginCommand(email, password, sid));
 * commandBus.dispatch(login);
 * Record answer = eventBus.waitFor(login.correlationId(), List.of(UserLoggedIn.class, LoginErrorRaised.class));
 * }</pre>
 *
 * @param id       the message id the store will keep; dispatching the same envelope twice is rejected by
 *                 the store ({@code DuplicateMessageIdException}), which makes retries safe
 * @param body     the message's data, a record registered (or registrable) in {@link MessageTypes}; typed as a
 *                 record or as the sealed interface of its family
 * @param metadata never {@code null}
 * @param <T>      the body's type
 */
public record Envelope<T>(UUID id, T body, Metadata metadata) {

    public Envelope {
        Objects.requireNonNull(id, "An envelope needs an id");
        Objects.requireNonNull(body, "An envelope needs a body (a record)");
        if (!(body instanceof Record)) {
            throw new IllegalArgumentException("An envelope's body must be a record, got " + body.getClass().getName());
        }
        metadata = metadata == null ? Metadata.EMPTY : metadata;
    }

    /** A message with a new unique id (time-ordered, see decision 0036) and empty metadata. */
    public static <T> Envelope<T> of(T body) {
        return new Envelope<>(MessageIds.next(), body, Metadata.EMPTY);
    }

    /** A message that starts a conversation: a new unique id and a new unique correlation id. */
    public static <T> Envelope<T> correlated(T body) {
        return new Envelope<>(MessageIds.next(), body, Metadata.correlated());
    }

    /**
     * A message caused by a stored message: same correlation id, correlation stream and reply stream as
     * {@code cause}, and {@code cause} recorded as causation.
     */
    public static <T> Envelope<T> follows(Message cause, T body) {
        Objects.requireNonNull(cause, "cause");
        return new Envelope<>(MessageIds.next(), body, Metadata.following(cause));
    }

    /**
     * A message caused by one that was not stored (a query): same correlation id, correlation stream and
     * reply stream; no causation, since an unstored message has no position to point at.
     */
    public static <T> Envelope<T> follows(Envelope<?> cause, T body) {
        Objects.requireNonNull(cause, "cause");
        Metadata of = cause.metadata();
        return new Envelope<>(MessageIds.next(), body, Metadata.EMPTY
                .withCorrelationId(of.correlationId())
                .withCorrelationStreamName(of.correlationStreamName())
                .withReplyStreamName(of.replyStreamName()));
    }

    /** The conversation this message belongs to, or {@code null} when it is not correlated. */
    public String correlationId() {
        return metadata.correlationId();
    }

    public Envelope<T> withId(UUID id) {
        return new Envelope<>(id, body, metadata);
    }

    public Envelope<T> withMetadata(Metadata metadata) {
        return new Envelope<>(id, body, metadata);
    }

    /** A copy whose handler should write its reply to {@code replyStreamName}. */
    public Envelope<T> withReplyStreamName(StreamName replyStreamName) {
        return new Envelope<>(id, body, metadata.withReplyStreamName(replyStreamName));
    }

    /** A copy in the given conversation. */
    public Envelope<T> withCorrelationId(String correlationId) {
        return new Envelope<>(id, body, metadata.withCorrelationId(correlationId));
    }

    /** The message to write, its type named by {@code types} (registering the body's class if it is new). */
    public NewMessage toNewMessage(MessageTypes types) {
        return types.toNewMessage(id, typeName(types), (Record) body, metadata);
    }

    /** The type name of the body, registering its class under its simple name if it is not registered. */
    public String typeName(MessageTypes types) {
        return TypeNames.of(types, body.getClass());
    }
}
