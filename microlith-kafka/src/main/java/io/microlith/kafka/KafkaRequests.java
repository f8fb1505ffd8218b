package io.microlith.kafka;

import io.microlith.bus.QueryFailedException;
import io.microlith.bus.WaitInterruptedException;
import io.microlith.bus.WaitTimeoutException;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.Metadata;
import io.microlith.message.StreamName;
import io.microlith.message.UnknownMessageTypeException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Queries across processes over Kafka, with the query bus's semantics. A process that answers a query type
 * {@link #serve serves} it from the topic {@code <prefix>.query.<Type>} in the consumer group of that name (several
 * processes share the requests); each requester has a reply topic of its own, {@code <prefix>.reply.<id>} (one
 * partition, deleted on close), named in every request.
 *
 * <ul>
 *   <li>the answer arrives in time: returned, decoded as the answer type;</li>
 *   <li>the handler throws: {@link QueryFailedException} with its error;</li>
 *   <li>no answer in time: {@link WaitTimeoutException} naming the correlation id, the answer type and the time
 *       waited, as a wait in one process. A server skips requests whose deadline has passed; a late answer is
 *       dropped.</li>
 * </ul>
 * Unlike RabbitMQ, Kafka cannot tell that nobody serves a type: such a request times out.
 */
public final class KafkaRequests implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRequests.class);
    private static final String CORRELATION = "microlith-correlation-id";
    private static final String REPLY_TO = "microlith-reply-to";
    private static final String DEADLINE = "microlith-deadline";
    private static final String ERROR = "microlith-error";

    private final KafkaTransport transport;
    private final MessageTypes types;
    private final String replyTopic;
    private final Map<String, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> replies;
    private final List<Server> servers = new CopyOnWriteArrayList<>();
    private final Thread replyThread;
    private volatile boolean closed;

    KafkaRequests(KafkaTransport transport, MessageTypes types) {
        this.transport = transport;
        this.types = types;
        this.replyTopic = transport.replyTopic(UUID.randomUUID().toString());
        transport.ensureTopic(replyTopic, 1);
        this.producer = new KafkaProducer<>(transport.producerProperties());
        this.replies = new KafkaConsumer<>(transport.consumerProperties(null));
        TopicPartition partition = new TopicPartition(replyTopic, 0);
        replies.assign(List.of(partition));
        replies.seekToBeginning(List.of(partition));
        replies.position(partition); // resolved now: no reply can come before it
        this.replyThread = Thread.ofVirtual().name("kafka-replies").start(this::readReplies);
    }

    private void readReplies() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, String> record : replies.poll(Duration.ofMillis(200))) {
                    answered(record);
                }
            }
        } catch (WakeupException stopped) {
            // closed
        } finally {
            replies.close(Duration.ofSeconds(2));
        }
    }

    private void answered(ConsumerRecord<String, String> record) {
        CompletableFuture<Message> future = pending.get(Headers.text(record.headers(), CORRELATION));
        if (future == null) {
            return; // late, after its timeout
        }
        Metadata metadata = Metadata.EMPTY;
        String error = Headers.text(record.headers(), ERROR);
        if (error != null) {
            metadata = metadata.withProperty(ERROR, error);
        }
        String type = Headers.text(record.headers(), Headers.TYPE);
        future.complete(new Message(UUID.randomUUID(), StreamName.of("query", record.key()), type == null ? "" : type,
                0, 0, Instant.now(), record.value() == null ? "null" : record.value(), metadata));
    }

    /**
     * Answers queries of {@code type} in this process until the returned handle is closed; the handler runs on a
     * virtual thread per request, and what it throws goes back as a {@link QueryFailedException}.
     */
    public <Q extends Record, R extends Record> AutoCloseable serve(Class<Q> type, Function<? super Q, ? extends R> handler) {
        Objects.requireNonNull(handler, "handler");
        String typeName = nameOf(type);
        String topic = transport.requestTopic(typeName);
        transport.ensureTopic(topic);
        Server server = new Server(topic, record -> answer(record, type, handler));
        servers.add(server);
        return () -> {
            servers.remove(server);
            server.close();
        };
    }

    /** A poll loop on a request topic, in the group named after it. */
    private final class Server implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Thread thread;
        private volatile boolean stopping;

        Server(String topic, java.util.function.Consumer<ConsumerRecord<String, String>> onRequest) {
            consumer = new KafkaConsumer<>(transport.consumerProperties(topic));
            thread = Thread.ofVirtual().name("kafka-server-" + topic).start(() -> {
                try {
                    consumer.subscribe(List.of(topic));
                    while (!stopping) {
                        var records = consumer.poll(Duration.ofMillis(200));
                        for (ConsumerRecord<String, String> record : records) {
                            Thread.ofVirtual().start(() -> onRequest.accept(record));
                        }
                        if (!records.isEmpty()) {
                            consumer.commitAsync();
                        }
                    }
                } catch (WakeupException stopped) {
                    // closed
                } finally {
                    consumer.close(Duration.ofSeconds(2));
                }
            });
        }

        @Override
        public void close() {
            stopping = true;
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <Q extends Record, R extends Record> void answer(ConsumerRecord<String, String> request, Class<Q> type,
                                                             Function<? super Q, ? extends R> handler) {
        String deadline = Headers.text(request.headers(), DEADLINE);
        if (deadline != null && Instant.now().isAfter(Instant.parse(deadline))) {
            return; // its requester has given up
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(CORRELATION, request.key().getBytes(StandardCharsets.UTF_8)));
        String body = null;
        try {
            R result = handler.apply(types.decode(new Message(UUID.randomUUID(), StreamName.of("query", request.key()),
                    Objects.toString(Headers.text(request.headers(), Headers.TYPE), ""), 0, 0, Instant.now(),
                    request.value(), Metadata.EMPTY), type));
            Objects.requireNonNull(result, "the query handler returned null");
            headers.add(new RecordHeader(Headers.TYPE, nameOf(result.getClass()).getBytes(StandardCharsets.UTF_8)));
            body = types.toJson(result);
        } catch (Throwable t) {
            headers.add(new RecordHeader(ERROR, (t.getClass().getName() + ": " + t.getMessage())
                    .getBytes(StandardCharsets.UTF_8)));
        }
        String replyTo = Headers.text(request.headers(), REPLY_TO);
        producer.send(new ProducerRecord<>(replyTo, null, request.key(), body, headers), (metadata, failure) -> {
            if (failure != null) {
                LOG.warn("Could not answer query {} on {}", request.key(), replyTo, failure);
            }
        });
    }

    /** Sends {@code query} to whichever process serves its type and waits; see the class comment for the outcomes. */
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
            throw new WaitInterruptedException(e);
        }
    }

    /** {@link #request} without blocking: the future fails with the same exceptions. */
    public <R extends Record> CompletableFuture<R> requestAsync(Record query, Class<R> answer, Duration timeout) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(answer, "answer");
        String queryType = nameOf(query.getClass());
        String answerType = nameOf(answer);
        String topic = transport.requestTopic(queryType);
        transport.ensureTopic(topic);
        String correlationId = UUID.randomUUID().toString();
        CompletableFuture<Message> future = new CompletableFuture<>();
        pending.put(correlationId, future);
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(REPLY_TO, replyTopic.getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(Headers.TYPE, queryType.getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(DEADLINE, Instant.now().plus(timeout).toString().getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(topic, null, correlationId, types.toJson(query), headers), (metadata, failure) -> {
            if (failure != null) {
                future.completeExceptionally(new KafkaUnavailableException("Cannot send " + queryType + ": " + failure,
                        failure));
            }
        });
        return future.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).handle((message, failure) -> {
            pending.remove(correlationId);
            if (failure instanceof TimeoutException) {
                throw new WaitTimeoutException(correlationId, List.of(answerType), timeout);
            }
            if (failure != null) {
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            Object error = message.metadata().properties().get(ERROR);
            if (error != null) {
                throw new QueryFailedException(queryType, correlationId, String.valueOf(error), null);
            }
            try {
                return types.decode(message, answer);
            } catch (RuntimeException e) {
                throw new QueryFailedException(queryType, correlationId, "the answer is not a " + answerType + ": "
                        + e.getMessage(), e);
            }
        });
    }

    /** The type name of a record, registered under its simple name when it was not registered before. */
    @SuppressWarnings("unchecked")
    private String nameOf(Class<?> type) {
        try {
            return types.typeName(type);
        } catch (UnknownMessageTypeException unknown) {
            types.register((Class<? extends Record>) type);
            return types.typeName(type);
        }
    }

    /** Stops serving and reading replies (pending requests run into their timeouts) and deletes the reply topic. */
    @Override
    public void close() {
        closed = true;
        servers.forEach(Server::close);
        servers.clear();
        replies.wakeup();
        try {
            replyThread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        transport.deleteTopic(replyTopic);
    }
}
