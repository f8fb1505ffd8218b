package io.microlith.bus.internal;

import io.microlith.bus.CommandBus;
import io.microlith.bus.Dispatched;
import io.microlith.bus.Envelope;
import io.microlith.bus.HandledInline;
import io.microlith.bus.InlineCommandHandler;
import io.microlith.bus.Requests;
import io.microlith.bus.Routes;
import io.microlith.consumer.Consumer;
import io.microlith.internal.runtime.FatalErrors;
import io.microlith.message.Message;
import io.microlith.message.MessageFamily;
import io.microlith.message.MessageTypes;
import io.microlith.message.NewMessage;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The command bus over a message store: one handler per command type, and for the types that have one, an
 * {@link InlineCommandHandler} that decides on the sender's thread (decision 0074).
 */
public final class StoreCommandBus extends StoreBus implements CommandBus {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCommandBus.class);

    private final Set<Class<?>> handled = new HashSet<>();
    private final boolean inlineAllowed;
    private final Map<Class<?>, InlineCommandHandler<?>> inline = new ConcurrentHashMap<>();

    /**
     * @param inlineAllowed whether {@link #handleInline} may take effect: {@code false} when the consumers receive
     *                      through a broker, whose process is the one to decide
     */
    public StoreCommandBus(String consumerName, MessageStore store, MessageTypes types, Routes routes,
                           CorrelationIndex<Message> index, Duration defaultTimeout,
                           BiFunction<String, String, Consumer.Builder> consumers, boolean inlineAllowed) {
        super(consumerName, store, types, routes, index, defaultTimeout, consumers);
        this.inlineAllowed = inlineAllowed;
    }

    @Override
    protected String describe() {
        return "command bus";
    }

    @Override
    protected void checkSubscription(Class<?> type) {
        if (!handled.add(type)) {
            throw new IllegalStateException(type.getSimpleName()
                    + " already has a handler on the command bus; a command is handled by exactly one component");
        }
    }

    @Override
    public synchronized <T extends Record> boolean handleInline(Class<T> type, InlineCommandHandler<? super T> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (!handled.contains(type)) {
            throw new IllegalStateException(type.getSimpleName() + " has no handler on the command bus; subscribe it "
                    + "before handling it inline: the consumer acknowledges what is handled inline");
        }
        if (!inlineAllowed) {
            return false;
        }
        if (inline.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException(type.getSimpleName() + " is already handled inline");
        }
        return true;
    }

    @Override
    public Dispatched dispatch(Envelope<?> envelope) {
        Objects.requireNonNull(envelope, "envelope");
        InlineCommandHandler<?> handler = inline.get(envelope.body().getClass());
        if (handler == null) {
            return super.dispatch(envelope);
        }
        Envelope<?> following = followingHandled(envelope);
        HandledInline handledInline = tryInline(handler, following);
        return handledInline != null ? handledInline.command() : super.dispatch(following);
    }

    @Override
    public <T> CompletableFuture<T> requestAsync(Envelope<?> message, Class<T> outcome, Duration timeout) {
        Objects.requireNonNull(message, "message");
        InlineCommandHandler<?> handler = inline.get(message.body().getClass());
        if (handler == null) {
            return CommandBus.super.requestAsync(message, outcome, timeout);
        }
        String correlationId = Requests.correlationOf(message);
        List<Class<? extends Record>> outcomes = MessageFamily.recordsOf(outcome);
        Envelope<?> following = followingHandled(message);
        HandledInline handledInline = tryInline(handler, following);
        if (handledInline == null) {
            // as without an inline handler: the wait first, then the command alone for the consumer
            CompletableFuture<T> answer = waitForAsync(correlationId, outcome, timeout);
            try {
                super.dispatch(following);
            } catch (RuntimeException | Error e) {
                answer.cancel(false);
                throw e;
            }
            return answer;
        }
        if (outcomes.contains(following.body().getClass())) {
            return CompletableFuture.completedFuture(outcome.cast(following.body()));
        }
        for (Record decided : handledInline.decided()) {
            if (outcomes.contains(decided.getClass())) {
                return CompletableFuture.completedFuture(outcome.cast(decided));
            }
        }
        // the outcome comes later from another handler; answers are kept for the correlation retention, so a wait
        // registered after the write still sees one written meanwhile
        return waitForAsync(correlationId, outcome, timeout);
    }

    /** What the inline handler stored, or {@code null} when it stored nothing and the command goes the usual way. */
    @SuppressWarnings("unchecked")
    private HandledInline tryInline(InlineCommandHandler<?> handler, Envelope<?> envelope) {
        var stream = streamOf(envelope);
        NewMessage message = envelope.toNewMessage(types());
        try {
            return ((InlineCommandHandler<Object>) handler).handle(envelope.body(), message, stream);
        } catch (DuplicateMessageIdException duplicate) {
            if (duplicate.messageId().equals(envelope.id())) {
                throw duplicate; // stored before: answered as a dispatch of a stored id is
            }
            LOG.debug("Inline handling of {} failed; it goes to the consumer", envelope.id(), duplicate);
            return null;
        } catch (Throwable failure) {
            // whatever the decision threw is the consumer's to retry and park, as without the inline path
            LOG.debug("Inline handling of {} failed; it goes to the consumer", envelope.id(),
                    FatalErrors.rethrowIfFatal(failure));
            return null;
        }
    }
}
