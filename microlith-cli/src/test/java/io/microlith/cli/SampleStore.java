package io.microlith.cli;

import io.microlith.consumer.Consumer;
import io.microlith.consumer.RetryPolicy;
import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.store.MessageStores;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A small store as an application leaves it: accounts with a conversation that crosses a command and two events, and
 * a consumer {@code ledger} of {@code account} that handled the events and parked a poison one.
 *
 * @param correlationId the conversation
 * @param poisonId      the message the consumer parked
 * @param head          the store's head
 */
record SampleStore(String correlationId, UUID poisonId, long head) {

    /** Fills the store named by {@code setting} (created) and closes it. */
    static SampleStore fill(String setting) {
        try (MessageStore store = MessageStores.open(setting)) {
            Metadata conversation = Metadata.correlated();
            Message command = written(store, StreamName.of("account:command-1"), NewMessage.of("Open", "{\"owner\":\"ann\"}", conversation));
            Message opened = written(store, StreamName.of("account-1"), NewMessage.of("Opened", "{\"owner\":\"ann\"}",
                    Metadata.following(command)));
            written(store, StreamName.of("account-1"), NewMessage.of("Deposited", "{\"amount\":10}", Metadata.following(opened)));
            written(store, StreamName.of("account-2"), NewMessage.of("Opened", "{\"owner\":\"bob\"}"));
            NewMessage poison = NewMessage.of("Poison", "{\"amount\":-1}");
            long poisonPosition = store.write(StreamName.of("account-3"), poison).lastGlobalPosition();
            Consumer ledger = Consumer.builder(store, "account", "ledger").pollInterval(Duration.ofMillis(20))
                    .positionUpdateInterval(1).retry(RetryPolicy.backoff(1, Duration.ZERO, Duration.ZERO))
                    .handleAny(message -> {
                        if (message.type().equals("Poison")) {
                            throw new IllegalStateException("a negative amount in " + message.streamName());
                        }
                    }).build().start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ledger.parked().isEmpty() || ledger.position() < poisonPosition) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("The ledger consumer did not park the poison message: " + ledger.status());
                }
                sleep();
            }
            ledger.stop();
            return new SampleStore(conversation.correlationId(), poison.id(), store.headGlobalPosition());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Message written(MessageStore store, StreamName stream, NewMessage message) {
        store.write(stream, message);
        return store.lastMessage(stream).orElseThrow();
    }
}
