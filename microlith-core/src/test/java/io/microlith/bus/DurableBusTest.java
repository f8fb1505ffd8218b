package io.microlith.bus;

import io.microlith.Microlith;
import io.microlith.message.StreamName;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurableBusTest {

    record Open(String account) {
    }

    record Opened(String account) {
    }

    record Unrouted(int n) {
    }

    private final InMemoryMessageStore store = new InMemoryMessageStore();
    private final Microlith microlith = Microlith.create(config -> config
            .store(store)
            .route(Open.class, "account:command", Open::account)
            .route(Opened.class, "account", Opened::account));

    @AfterEach
    void close() {
        microlith.close();
    }

    @Nested
    class Dispatch {
        @Test
        void writes_a_command_to_the_stream_its_route_names() {
            Dispatched dispatched = microlith.commandBus().dispatch(Envelope.correlated(new Open("7")));

            var stored = microlith.store().readStream(StreamName.of("account:command-7"), 0);
            assertThat(stored).singleElement().satisfies(message -> {
                assertThat(message.id()).isEqualTo(dispatched.messageId());
                assertThat(message.type()).isEqualTo("Open");
                assertThat(message.correlationId()).isEqualTo(dispatched.correlationId());
            });
        }

        @Test
        void gives_a_message_without_route_a_clear_error() {
            assertThatThrownBy(() -> microlith.eventBus().dispatch(new Unrouted(1)))
                    .isInstanceOf(NoRouteException.class)
                    .hasMessageContaining("No route for Unrouted");
        }

        @Test
        void writes_to_an_explicit_stream_with_an_expected_version() {
            StreamName stream = StreamName.of("account-8");
            microlith.eventBus().dispatch(stream, Envelope.of(new Opened("8")), ExpectedVersion.noStream());

            assertThatThrownBy(() -> microlith.eventBus().dispatch(stream, Envelope.of(new Opened("8")),
                    ExpectedVersion.noStream()))
                    .isInstanceOf(ExpectedVersionException.class);
        }

        @Test
        void never_stores_the_same_envelope_twice() {
            var open = Envelope.of(new Open("9"));
            microlith.commandBus().dispatch(open);

            assertThatThrownBy(() -> microlith.commandBus().dispatch(open))
                    .isInstanceOf(DuplicateMessageIdException.class);
            assertThat(microlith.store().streamVersion(StreamName.of("account:command-9"))).isZero();
        }
    }

    @Nested
    class Subscribe {
        @Test
        void feeds_a_subscriber_from_the_store_after_start() throws InterruptedException {
            CountDownLatch handled = new CountDownLatch(1);
            microlith.commandBus().dispatch(new Open("1"));
            microlith.commandBus().subscribe(Open.class, open -> handled.countDown());

            microlith.start();

            assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
        }

        @Test
        void refuses_a_second_handler_for_a_command() {
            microlith.commandBus().subscribe(Open.class, open -> {
            });

            assertThatThrownBy(() -> microlith.commandBus().subscribe(Open.class, open -> {
            }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Open already has a handler on the command bus");
        }

        @Test
        void allows_several_handlers_for_an_event() throws InterruptedException {
            CountDownLatch handled = new CountDownLatch(2);
            microlith.eventBus().subscribe(Opened.class, opened -> handled.countDown());
            microlith.eventBus().subscribe(Opened.class, opened -> handled.countDown());
            microlith.start();

            microlith.eventBus().dispatch(new Opened("1"));

            assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
        }

        @Test
        void refuses_a_subscription_to_a_category_whose_consumer_runs() {
            microlith.eventBus().subscribe(Opened.class, opened -> {
            });
            microlith.start();

            assertThatThrownBy(() -> microlith.eventBus().subscribe(Opened.class, opened -> {
            }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
        }

        @Test
        void keeps_the_bus_consumers_position_in_the_store() throws InterruptedException {
            CountDownLatch handled = new CountDownLatch(1);
            microlith.commandBus().subscribe(Open.class, open -> handled.countDown());
            microlith.start();
            Dispatched open = microlith.commandBus().dispatch(new Open("1"));
            assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();

            microlith.close();

            var position = store.lastMessage(StreamName.of("account:command+position-microlith.commands"));
            assertThat(position).hasValueSatisfying(m -> assertThat(m.data()).contains(
                    "\"position\":" + open.globalPosition()));
        }
    }
}
