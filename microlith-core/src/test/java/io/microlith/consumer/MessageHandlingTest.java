package io.microlith.consumer;

import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageHandlingTest {
    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final List<String> handled = new ArrayList<>();

    private Message written(String stream, String type) {
        store.write(StreamName.of(stream), NewMessage.of(type, "{}"));
        return store.lastMessage(StreamName.of(stream)).orElseThrow();
    }

    private Consumer.Builder builder() {
        return Consumer.builder(store, "account", "broker")
                .retry(RetryPolicy.backoff(2, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void handles_a_delivered_message_with_the_consumers_handlers() {
        MessageHandling handling = builder().handle("Deposited", m -> handled.add(m.streamName().value())).buildHandling();

        assertThat(handling.handle(written("account-1", "Deposited"))).isEqualTo(MessageHandling.Outcome.HANDLED);
        assertThat(handled).containsExactly("account-1");
    }

    @Test
    void a_type_without_handler_is_not_due() {
        MessageHandling handling = builder().handle("Deposited", m -> handled.add("x")).buildHandling();

        assertThat(handling.handle(written("account-1", "Withdrawn"))).isEqualTo(MessageHandling.Outcome.NOT_DUE);
        assertThat(handled).isEmpty();
    }

    @Test
    void a_failing_message_is_retried_then_parked_in_the_consumers_dead_letter_stream_and_holds_its_event_stream() {
        MessageHandling handling = builder().handle("Deposited", m -> {
            throw new IllegalStateException("broken");
        }).buildHandling();

        Message first = written("account-2", "Deposited");
        assertThat(handling.handle(first)).isEqualTo(MessageHandling.Outcome.PARKED);
        assertThat(handling.parked()).extracting(ParkedMessage::messageId).containsExactly(first.id());
        assertThat(handling.parkedStream().value()).isEqualTo("account:parked-broker");
        assertThat(store.lastMessage(handling.parkedStream()).orElseThrow().type()).isEqualTo("Parked");
        assertThat(handling.handle(written("account-2", "Deposited"))).isEqualTo(MessageHandling.Outcome.NOT_DUE);
    }

    @Test
    void a_replay_handles_the_parked_message_and_the_rest_of_its_stream_from_the_store_then_lifts_the_hold() {
        boolean[] broken = {true};
        MessageHandling handling = builder().handle("Deposited", m -> {
            if (broken[0]) {
                throw new IllegalStateException("broken");
            }
            handled.add(m.streamName().value() + "/" + m.position());
        }).buildHandling();
        Message poison = written("account-5", "Deposited");
        handling.handle(poison);
        assertThat(handling.handle(written("account-5", "Deposited"))).isEqualTo(MessageHandling.Outcome.NOT_DUE);

        broken[0] = false;
        handling.replay(poison.id());

        assertThat(handled).containsExactly("account-5/0", "account-5/1");
        assertThat(handling.parked()).isEmpty();
        assertThat(handling.handle(written("account-5", "Deposited"))).isEqualTo(MessageHandling.Outcome.HANDLED);
    }

    @Test
    void a_skip_drops_the_parked_message_and_handles_the_rest_of_its_stream() {
        MessageHandling handling = builder().handle("Deposited", m -> {
            if (m.position() == 0) {
                throw new IllegalStateException("poison");
            }
            handled.add(m.streamName().value() + "/" + m.position());
        }).buildHandling();
        Message poison = written("account-6", "Deposited");
        handling.handle(poison);
        handling.handle(written("account-6", "Deposited"));

        handling.skip(poison.id());

        assertThat(handled).containsExactly("account-6/1");
        assertThat(handling.parked()).isEmpty();
    }

    @Test
    void parked_messages_are_known_again_to_a_new_handling_of_the_same_name() {
        Message poison = written("account-3", "Deposited");
        builder().handle("Deposited", m -> {
            throw new IllegalStateException("broken");
        }).buildHandling().handle(poison);

        assertThat(builder().handle("Deposited", m -> handled.add("x")).buildHandling().parked())
                .extracting(ParkedMessage::messageId).containsExactly(poison.id());
    }

    @Test
    void closing_abandons_a_retry_in_progress() throws Exception {
        MessageHandling handling = Consumer.builder(store, "account", "slow")
                .retry(RetryPolicy.backoff(5, Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .handle("Deposited", m -> {
                    throw new IllegalStateException("broken");
                }).buildHandling();
        Message message = written("account-4", "Deposited");

        CompletableFuture<MessageHandling.Outcome> outcome = CompletableFuture.supplyAsync(() -> handling.handle(message));
        Thread.sleep(100);
        handling.close();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(MessageHandling.Outcome.ABANDONED);
        assertThat(handling.parked()).isEmpty();
    }

    @Test
    void a_handling_needs_a_handler() {
        assertThatThrownBy(() -> builder().buildHandling()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no handler");
    }
}
