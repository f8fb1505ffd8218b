package io.microlith.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.microlith.bus.NoHandlerException;
import io.microlith.bus.QueryFailedException;
import io.microlith.bus.WaitTimeoutException;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.Metadata;
import io.microlith.message.StreamName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Queries across processes: request/response over RabbitMQ, with the query bus's semantics. A process that answers a
 * query type {@link #serve serves} it from the queue {@code <exchange>.query.<Type>} (several processes compete for
 * the requests); a requester publishes the query with a correlation id and its own reply queue, and waits.
 *
 * <ul>
 *   <li>the answer arrives in time: returned, decoded as the answer type;</li>
 *   <li>no process serves the type: {@link NoHandlerException} at once (the broker returns the unroutable query);</li>
 *   <li>the handler throws: {@link QueryFailedException} with its error, at once;</li>
 *   <li>no answer in time: {@link WaitTimeoutException} naming the correlation id, the answer type and the time
 *       waited, as a wait in one process; a late answer is dropped.</li>
 * </ul>
 * Queries are not stored and not retried: a request whose server dies mid-way times out.
 */
public final class RabbitRequests implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitRequests.class);
    private static final String ERROR = "x-microlith-error";
    private static final String BUS = "query bus over RabbitMQ";

    private final RabbitTransport transport;
    private final MessageTypes types;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Channel requests;
    private final String replyQueue;
    private final List<Channel> servers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Pending(CompletableFuture<Message> answer, String queryType) {
    }

    RabbitRequests(RabbitTransport transport, MessageTypes types) {
        this.transport = transport;
        this.types = types;
        this.requests = transport.channel();
        try {
            replyQueue = requests.queueDeclare().getQueue();
            requests.basicConsume(replyQueue, true, new DefaultConsumer(requests) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    answered(properties, body);
                }
            });
            requests.addReturnListener(returned -> {
                Pending p = pending.remove(returned.getProperties().getCorrelationId());
                if (p != null) {
                    p.answer().completeExceptionally(new NoHandlerException(p.queryType(), BUS));
                }
            });
        } catch (IOException e) {
            throw new RabbitUnavailableException("Cannot open a reply queue: " + e, e);
        }
    }

    /**
     * Answers queries of {@code type} in this process until the returned handle is closed. The handler runs on a
     * virtual thread per request; what it throws goes back to the requester as a {@link QueryFailedException}.
     */
    public <Q extends Record, R extends Record> AutoCloseable serve(Class<Q> type, Function<? super Q, ? extends R> handler) {
        Objects.requireNonNull(handler, "handler");
        String typeName = nameOf(type);
        Channel channel = transport.channel();
        try {
            String queue = queue(typeName);
            channel.queueDeclare(queue, false, false, true, null);
            channel.basicQos(32);
            channel.basicConsume(queue, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    Thread.ofVirtual().name("query-" + typeName).start(() ->
                            answer(channel, envelope, properties, body, type, handler));
                }
            });
        } catch (IOException e) {
            throw new RabbitUnavailableException("Cannot serve " + typeName + ": " + e, e);
        }
        servers.add(channel);
        return () -> {
            servers.remove(channel);
            closeQuietly(channel);
        };
    }

    private <Q extends Record, R extends Record> void answer(Channel channel, Envelope envelope,
                                                             AMQP.BasicProperties request, byte[] body, Class<Q> type,
                                                             Function<? super Q, ? extends R> handler) {
        AMQP.BasicProperties.Builder reply = new AMQP.BasicProperties.Builder()
                .correlationId(request.getCorrelationId());
        byte[] answer;
        try {
            R result = handler.apply(types.decode(asMessage(request.getType(), body), type));
            Objects.requireNonNull(result, "the query handler returned null");
            reply.type(nameOf(result.getClass()));
            answer = types.toJson(result).getBytes(StandardCharsets.UTF_8);
        } catch (Throwable t) {
            reply.headers(Map.of(ERROR, t.getClass().getName() + ": " + t.getMessage()));
            answer = new byte[0];
        }
        try {
            synchronized (channel) {
                channel.basicPublish("", request.getReplyTo(), reply.build(), answer);
                channel.basicAck(envelope.getDeliveryTag(), false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not answer query {} ({})", request.getCorrelationId(), request.getType(), e);
        }
    }

    /**
     * Sends {@code query} to whichever process serves its type and waits for the answer, for at most
     * {@code timeout}; see the class comment for every outcome.
     */
    public <R extends Record> R request(Record query, Class<R> answer, Duration timeout) {
        try {
            return requestAsync(query, answer, timeout).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.microlith.bus.WaitInterruptedException(e);
        }
    }

    /** {@link #request} without blocking: the future fails with the same exceptions. */
    public <R extends Record> CompletableFuture<R> requestAsync(Record query, Class<R> answer, Duration timeout) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(answer, "answer");
        String queryType = nameOf(query.getClass());
        String answerType = nameOf(answer);
        String correlationId = UUID.randomUUID().toString();
        CompletableFuture<Message> future = new CompletableFuture<>();
        pending.put(correlationId, new Pending(future, queryType));
        try {
            synchronized (requests) {
                requests.basicPublish("", queue(queryType), true, new AMQP.BasicProperties.Builder()
                        .correlationId(correlationId).replyTo(replyQueue).type(queryType)
                        .expiration(String.valueOf(Math.max(1, timeout.toMillis()))).build(),
                        types.toJson(query).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            pending.remove(correlationId);
            return CompletableFuture.failedFuture(new RabbitUnavailableException("Cannot send " + queryType + ": "
                    + e, e));
        }
        return future.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).handle((message, failure) -> {
            pending.remove(correlationId);
            if (failure instanceof TimeoutException) {
                throw new WaitTimeoutException(correlationId, List.of(answerType), timeout);
            }
            if (failure != null) {
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            Map<String, Object> headers = message.metadata().properties();
            if (headers.containsKey(ERROR)) {
                throw new QueryFailedException(queryType, correlationId, String.valueOf(headers.get(ERROR)), null);
            }
            try {
                return types.decode(message, answer);
            } catch (RuntimeException e) {
                throw new QueryFailedException(queryType, correlationId, "the answer is not a " + answerType + ": "
                        + e.getMessage(), e);
            }
        });
    }

    private void answered(AMQP.BasicProperties properties, byte[] body) {
        Pending p = pending.get(properties.getCorrelationId());
        if (p == null) {
            return; // late, after its timeout
        }
        Metadata metadata = Metadata.EMPTY;
        if (properties.getHeaders() != null && properties.getHeaders().containsKey(ERROR)) {
            metadata = metadata.withProperty(ERROR, String.valueOf(properties.getHeaders().get(ERROR)));
        }
        p.answer().complete(new Message(UUID.randomUUID(), StreamName.of("query", properties.getCorrelationId()),
                properties.getType() == null ? "" : properties.getType(), 0, 0, Instant.now(),
                body.length == 0 ? "null" : new String(body, StandardCharsets.UTF_8), metadata));
    }

    /** A body as a message, so that it is decoded as a stored message is (bounded, registered types). */
    private static Message asMessage(String type, byte[] body) {
        return new Message(UUID.randomUUID(), StreamName.of("query", UUID.randomUUID().toString()),
                type == null ? "" : type, 0, 0, Instant.now(), new String(body, StandardCharsets.UTF_8), Metadata.EMPTY);
    }

    /** The type name of a record, registered under its simple name when it was not registered before. */
    @SuppressWarnings("unchecked")
    private String nameOf(Class<?> type) {
        try {
            return types.typeName(type);
        } catch (io.microlith.message.UnknownMessageTypeException unknown) {
            types.register((Class<? extends Record>) type);
            return types.typeName(type);
        }
    }

    private String queue(String typeName) {
        return transport.exchange() + ".query." + typeName;
    }

    /** Stops serving and fails nothing: pending requests run into their timeouts. */
    @Override
    public void close() {
        servers.forEach(RabbitRequests::closeQuietly);
        servers.clear();
        closeQuietly(requests);
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            LOG.debug("Closing a channel failed", e);
        }
    }
}
