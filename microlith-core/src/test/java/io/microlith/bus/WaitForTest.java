package io.microlith.bus;

import io.microlith.Microlith;
import io.microlith.message.Metadata;
import io.microlith.message.StreamName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitForTest {

    record Ping(int n) {
    }

    record Pong(int n) {
    }

    record Refused(int n) {
    }

    private final Microlith microlith = Microlith.create(config -> config
            .route(Ping.class, "pinger:command", ping -> Integer.toString(ping.n()))
            .route(Pong.class, "pinger", pong -> Integer.toString(pong.n()))
            .route(Refused.class, "pinger", refused -> Integer.toString(refused.n())));
    private final EventBus events = microlith.eventBus();

    @AfterEach
    void close() {
        microlith.close();
    }

    @Nested
    class Completes {
        @Test
        void with_the_first_correlated_message_of_any_of_the_types() {
            var ping = Envelope.correlated(new Ping(1));
            CompletableFuture<Record> answer = events.waitForAsync(ping.correlationId(),
                    List.of(Pong.class, Refused.class), Duration.ofSeconds(10));

            events.dispatch(Envelope.follows(ping.withId(ping.id()).withMetadata(ping.metadata()), new Refused(1)));
            events.dispatch(Envelope.follows(ping, new Pong(1)));

            assertThat(answer.join()).isEqualTo(new Refused(1));
        }

        @Test
        void ignoring_other_conversations_and_other_types() {
            var ping = Envelope.correlated(new Ping(2));
            CompletableFuture<Pong> answer = events.waitForAsync(ping.correlationId(), Pong.class, Duration.ofSeconds(10));

            events.dispatch(Envelope.correlated(new Pong(99)));
            events.dispatch(Envelope.follows(ping, new Refused(2)));
            assertThat(answer).isNotDone();

            events.dispatch(Envelope.follows(ping, new Pong(2)));
            assertThat(answer.join()).isEqualTo(new Pong(2));
        }

        @Test
        void when_the_answer_was_written_before_the_wait_started() {
            var ping = Envelope.correlated(new Ping(3));
            Dispatched pong = events.dispatch(Envelope.follows(ping, new Pong(3)));
            awaitFollowed(pong.globalPosition());

            assertThat(events.waitFor(ping.correlationId(), Pong.class, Duration.ofSeconds(10))).isEqualTo(new Pong(3));
        }

        @Test
        void with_the_stored_message_for_the_untyped_form() {
            var ping = Envelope.correlated(new Ping(4));
            events.dispatch(Envelope.follows(ping, new Pong(4)));

            var message = events.waitForMessage(ping.correlationId(), List.of("Pong"), Duration.ofSeconds(10));

            assertThat(message.streamName()).isEqualTo(StreamName.of("pinger-4"));
            assertThat(message.correlationId()).isEqualTo(ping.correlationId());
        }
    }

    @Nested
    class Fails {
        @Test
        void with_a_timeout_that_names_the_correlation_id_the_types_and_the_time_waited() {
            assertThatThrownBy(() -> events.waitFor("conversation-1", List.of(Pong.class, Refused.class),
                    Duration.ofMillis(50)))
                    .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                        assertThat(e.correlationId()).isEqualTo("conversation-1");
                        assertThat(e.types()).containsExactly("Pong", "Refused");
                        assertThat(e.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
                    })
                    .hasMessageContaining("No Pong or Refused with correlation id conversation-1 arrived within");
        }

        @Test
        void without_a_correlation_id() {
            assertThatThrownBy(() -> events.waitFor(null, Pong.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("correlation id");
        }

        @Test
        void without_types() {
            assertThatThrownBy(() -> events.waitFor("c", List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least one message type");
        }
    }

    @Nested
    class Scales {
        @Test
        void a_thousand_concurrent_round_trips_each_complete_with_their_own_answer() throws Exception {
            microlith.commandBus().subscribe(Ping.class, (ping, message) ->
                    events.dispatch(Envelope.follows(message, new Pong(ping.n()))));
            microlith.start();

            List<Future<Pong>> answers = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 1000; i++) {
                    int n = i;
                    answers.add(clients.submit(() -> {
                        var ping = Envelope.correlated(new Ping(n));
                        microlith.commandBus().dispatch(ping);
                        return events.waitFor(ping.correlationId(), Pong.class, Duration.ofSeconds(30));
                    }));
                }
                for (int i = 0; i < 1000; i++) {
                    assertThat(answers.get(i).get()).isEqualTo(new Pong(i));
                }
            }
        }

        @Test
        void a_thousand_concurrent_queries_each_complete_with_their_own_answer() throws Exception {
            QueryBus queries = microlith.queryBus();
            queries.subscribe(Ping.class, ping -> new Pong(ping.n()));

            List<Future<Pong>> answers = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 1000; i++) {
                    int n = i;
                    answers.add(clients.submit(() -> {
                        var ping = Envelope.correlated(new Ping(n));
                        queries.dispatch(ping);
                        return queries.waitFor(ping.correlationId(), Pong.class, Duration.ofSeconds(30));
                    }));
                }
                for (int i = 0; i < 1000; i++) {
                    assertThat(answers.get(i).get()).isEqualTo(new Pong(i));
                }
            }
        }
    }

    @Nested
    class On_a_store_that_does_not_hand_over_its_commits {
        private final FollowingStore store = new FollowingStore();
        private final Microlith following = Microlith.create(config -> config
                .ownedStore(store)
                .route(Ping.class, "pinger:command", ping -> Integer.toString(ping.n()))
                .route(Pong.class, "pinger", pong -> Integer.toString(pong.n())));

        @AfterEach
        void close() {
            following.close();
        }

        @Test
        void waits_are_fed_by_following_the_store() throws Exception {
            following.commandBus().subscribe(Ping.class, (ping, message) ->
                    following.eventBus().dispatch(Envelope.follows(message, new Pong(ping.n()))));
            following.start();

            List<Future<Pong>> answers = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    answers.add(clients.submit(() -> {
                        var ping = Envelope.correlated(new Ping(n));
                        following.commandBus().dispatch(ping);
                        return following.eventBus().waitFor(ping.correlationId(), Pong.class, Duration.ofSeconds(30));
                    }));
                }
                for (int i = 0; i < 100; i++) {
                    assertThat(answers.get(i).get()).isEqualTo(new Pong(i));
                }
            }
        }

        @Test
        void a_late_wait_still_sees_an_answer_the_follower_indexed() {
            var ping = Envelope.correlated(new Ping(1));
            Dispatched pong = following.eventBus().dispatch(Envelope.follows(ping, new Pong(1)));
            var seen = new CompletableFuture<Void>();
            var tap = following.follow(m -> {
                if (m.globalPosition() > pong.globalPosition()) {
                    seen.complete(null);
                }
            });
            following.eventBus().dispatch(StreamName.of("marker-1"), Envelope.of(new Ping(-1)));
            seen.join();
            tap.close();

            assertThat(following.eventBus().waitFor(ping.correlationId(), Pong.class, Duration.ofSeconds(10)))
                    .isEqualTo(new Pong(1));
        }
    }

    @Test
    void follows_copies_the_correlation_and_records_the_causation() {
        var ping = Envelope.correlated(new Ping(5)).withReplyStreamName(StreamName.of("web:reply-1"));
        Dispatched sent = microlith.commandBus().dispatch(ping);
        var stored = microlith.store().lastMessage(sent.streamName()).orElseThrow();

        Metadata following = Envelope.follows(stored, new Pong(5)).metadata();

        assertThat(following.correlationId()).isEqualTo(ping.correlationId());
        assertThat(following.replyStreamName()).isEqualTo(StreamName.of("web:reply-1"));
        assertThat(following.causation().messageId()).isEqualTo(ping.id());
        assertThat(following.causation().globalPosition()).isEqualTo(sent.globalPosition());
    }

    private void awaitFollowed(long globalPosition) {
        // the answer must have gone through the follower before the wait starts, or the test proves nothing
        var seen = new CompletableFuture<Void>();
        var tap = microlith.follow(m -> {
            if (m.globalPosition() >= globalPosition) {
                seen.complete(null);
            }
        });
        events.dispatch(StreamName.of("marker-1"), Envelope.of(new Ping(-1)));
        seen.join();
        tap.close();
    }
}
