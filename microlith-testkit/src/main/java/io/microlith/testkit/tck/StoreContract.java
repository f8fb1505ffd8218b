package io.microlith.testkit.tck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microlith.message.Message;
import io.microlith.message.MessageLimits;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.AbstractMessageStore;
import io.microlith.store.MessageStore;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of every contract: gives a contract the store under test and helpers that keep tests isolated
 * by a unique category, so that one store may serve all tests (no cleanup between them).
 */
public abstract class StoreContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong COUNTER = new AtomicLong();

    /**
     * The store under test. It may be shared by every test of a run: each test writes only to
     * categories of its own ({@link #uniqueCategory(String)}).
     */
    protected abstract MessageStore store();

    /**
     * The largest message the store under test takes (data and metadata, UTF-8 bytes): its own
     * {@link AbstractMessageStore#maxMessageBytes()}, or the default of 1 MiB for a store that does not extend
     * the template. Override it when the store is configured otherwise and does not tell.
     */
    protected int maxMessageBytes() {
        return store() instanceof AbstractMessageStore template ? template.maxMessageBytes()
                : MessageLimits.DEFAULT_MAX_MESSAGE_BYTES;
    }

    /** A category no other test uses, e.g. {@code account1a2b3c7}. */
    protected static String uniqueCategory(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8).replace("-", "") + COUNTER.incrementAndGet();
    }

    protected static StreamName stream(String category, Object id) {
        return StreamName.of(category, String.valueOf(id));
    }

    protected static NewMessage message(String type, String data) {
        return NewMessage.of(type, data);
    }

    protected static NewMessage message(int n) {
        return NewMessage.of("Numbered", "{\"n\":" + n + "}");
    }

    protected static NewMessage message(int n, Metadata metadata) {
        return NewMessage.of("Numbered", "{\"n\":" + n + "}", metadata);
    }

    protected static List<NewMessage> messages(int from, int count) {
        List<NewMessage> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(message(from + i));
        }
        return list;
    }

    /** Reads a whole category, following global positions, in batches of {@code batchSize}. */
    protected List<Message> readWholeCategory(String category, int batchSize) {
        List<Message> all = new ArrayList<>();
        long next = 0;
        while (true) {
            List<Message> batch = store().readCategory(category, next, batchSize);
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            next = batch.get(batch.size() - 1).globalPosition() + 1;
        }
    }

    /** Reads a whole stream, in batches of {@code batchSize}. */
    protected List<Message> readWholeStream(StreamName streamName, int batchSize) {
        List<Message> all = new ArrayList<>();
        long next = 0;
        while (true) {
            List<Message> batch = store().readStream(streamName, next, batchSize);
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            next = batch.get(batch.size() - 1).position() + 1;
        }
    }

    /** Asserts that two JSON texts are the same value (stores may reorder keys or change whitespace). */
    protected static void assertSameJson(String actual, String expected) {
        assertThat(tree(actual)).as("JSON %s", abbreviate(actual)).isEqualTo(tree(expected));
    }

    /** Asserts that a stored message is the written one, in every field the writer chose. */
    protected static void assertStoredAs(Message stored, StreamName streamName, NewMessage written) {
        assertThat(stored.id()).isEqualTo(written.id());
        assertThat(stored.streamName()).isEqualTo(streamName);
        assertThat(stored.type()).isEqualTo(written.type());
        assertSameJson(stored.data(), written.data());
        assertThat(stored.metadata()).isEqualTo(written.metadata());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + abbreviate(json), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "… (" + text.length() + " chars)";
    }
}
