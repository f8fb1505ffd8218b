package io.microlith.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.CategoryQuery;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.ForwardingMessageStore;
import io.microlith.store.MessageStore;
import io.microlith.store.MessageTooLargeException;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * A store that meters what passes through it and hands everything to the store it wraps ({@link ForwardingMessageStore}):
 * messages written and read per category ({@value MetricNames#MESSAGES_WRITTEN}, {@value MetricNames#MESSAGES_READ}),
 * and the time of each write with its outcome ({@value MetricNames#STORE_WRITES}). Every meter is tagged with the
 * store's name, so that an application with two stores tells them apart. Closing it closes the wrapped store.
 * {@code StoreBrowser.of(metered)} finds the wrapped store's browser.
 */
public final class MeteredMessageStore extends ForwardingMessageStore {
    private final MessageStore delegate;
    private final MeterRegistry registry;
    private final String name;
    private final ConcurrentMap<String, Counter> written = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> read = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> writeTimers = new ConcurrentHashMap<>();

    /**
     * @param delegate the store metered
     * @param registry where the meters go
     * @param name     the {@code store} tag of every meter, e.g. {@code main}
     */
    public MeteredMessageStore(MessageStore delegate, MeterRegistry registry, String name) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    protected MessageStore delegate() {
        return delegate;
    }

    @Override
    public List<WriteResult> write(List<StreamWrite> writes) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            List<WriteResult> results = super.write(writes);
            outcome = "ok";
            for (StreamWrite write : writes) {
                counter(written, MetricNames.MESSAGES_WRITTEN, write.streamName().category()).increment(write.messages().size());
            }
            return results;
        } catch (ExpectedVersionException e) {
            outcome = "conflict";
            throw e;
        } catch (DuplicateMessageIdException e) {
            outcome = "duplicate";
            throw e;
        } catch (MessageTooLargeException e) {
            outcome = "too_large";
            throw e;
        } finally {
            writeTimers.computeIfAbsent(outcome, o -> Timer.builder(MetricNames.STORE_WRITES)
                            .description("Writes to the message store, by outcome").tags("store", name, "outcome", o)
                            .register(registry))
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public List<Message> readStream(StreamName streamName, long fromPosition, int batchSize) {
        return counted(super.readStream(streamName, fromPosition, batchSize));
    }

    @Override
    public Optional<Message> lastMessage(StreamName streamName, String type) {
        Optional<Message> last = super.lastMessage(streamName, type);
        last.ifPresent(message -> counted(List.of(message)));
        return last;
    }

    @Override
    public List<Message> readCategory(CategoryQuery query) {
        return counted(super.readCategory(query));
    }

    @Override
    public List<Message> readAll(long fromGlobalPosition, int batchSize) {
        return counted(super.readAll(fromGlobalPosition, batchSize));
    }

    /** Counts the messages read, per category; a read of one category or stream counts in one step. */
    private List<Message> counted(List<Message> messages) {
        int run = 0;
        String category = null;
        for (Message message : messages) {
            String next = message.category();
            if (!next.equals(category)) {
                if (run > 0) {
                    counter(read, MetricNames.MESSAGES_READ, category).increment(run);
                }
                category = next;
                run = 0;
            }
            run++;
        }
        if (run > 0) {
            counter(read, MetricNames.MESSAGES_READ, category).increment(run);
        }
        return messages;
    }

    private Counter counter(ConcurrentMap<String, Counter> counters, String meter, String category) {
        return counters.computeIfAbsent(category, c -> Counter.builder(meter)
                .description(meter.equals(MetricNames.MESSAGES_WRITTEN) ? "Messages written to the store"
                        : "Messages read from the store")
                .tags("store", name, "category", c).register(registry));
    }

    @Override
    public String toString() {
        return "MeteredMessageStore[" + name + ": " + delegate + "]";
    }
}
