package io.microlith.http.live;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveFeedTest {

    static final class BlockedSink implements LiveSink {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final List<String> closeReasons = new CopyOnWriteArrayList<>();

        @Override
        public void send(LiveEvent event) throws Exception {
            release.await();
        }

        @Override
        public void heartbeat() {
        }

        @Override
        public void close(String reason) {
            closeReasons.add(reason);
            closed.countDown();
        }
    }

    @Test
    void disconnects_a_subscriber_that_does_not_keep_up_instead_of_blocking_the_publisher() throws Exception {
        try (LiveFeed feed = new LiveFeed(4, Duration.ofHours(1))) {
            BlockedSink slow = new BlockedSink();
            feed.subscribe("ann", slow);

            for (int i = 0; i < 10; i++) {
                feed.publish("ann", new LiveEvent("order", Integer.toString(i), Map.of()));
            }

            assertThat(slow.closed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(slow.closeReasons).singleElement().asString().startsWith("too slow");
            assertThat(feed.subscriberCount()).isZero();
            slow.release.countDown();
        }
    }

    @Test
    void reaches_nobody_when_the_audience_has_no_subscriber() {
        try (LiveFeed feed = new LiveFeed()) {
            assertThat(feed.publish("nobody", new LiveEvent("order", null, Map.of()))).isZero();
        }
    }

    @Test
    void refuses_a_subscription_without_an_audience() {
        try (LiveFeed feed = new LiveFeed()) {
            assertThatThrownBy(() -> feed.subscribe(" ", new BlockedSink()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audience");
        }
    }

    @Test
    void refuses_an_event_type_with_a_line_break() {
        assertThatThrownBy(() -> new LiveEvent("order\ndata: forged", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single line");
    }

    @Test
    void retiring_a_key_closes_its_open_streams_and_those_opened_with_it_later() throws Exception {
        try (LiveFeed feed = new LiveFeed()) {
            BlockedSink open = new BlockedSink();
            feed.subscribe("ann", "session-1", open);

            assertThat(feed.retire("session-1", "logged out")).isEqualTo(1);
            BlockedSink late = new BlockedSink();
            feed.subscribe("ann", "session-1", late);

            assertThat(open.closeReasons).containsExactly("logged out");
            assertThat(late.closed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(late.closeReasons).containsExactly("logged out");
            assertThat(feed.subscriberCount()).isZero();
        }
    }

    @Test
    void a_disconnected_key_opens_streams_again_and_a_retired_key_leaves_other_keys_open() {
        try (LiveFeed feed = new LiveFeed()) {
            feed.subscribe("ann", "session-1", new BlockedSink());
            feed.disconnect("session-1", "kicked");
            BlockedSink again = new BlockedSink();
            feed.subscribe("ann", "session-1", again);
            BlockedSink otherSession = new BlockedSink();
            feed.subscribe("ann", "session-2", otherSession);

            feed.retire("session-3", "logged out");

            assertThat(again.closeReasons).isEmpty();
            assertThat(otherSession.closeReasons).isEmpty();
            assertThat(feed.subscriberCount()).isEqualTo(2);
        }
    }

    @Test
    void remembers_a_bounded_number_of_retired_keys_forgetting_the_oldest() {
        RetiredKeys keys = new RetiredKeys(2);
        keys.add("a", "logged out");
        keys.add("b", "logged out");
        keys.add("c", "expired");

        assertThat(keys.reasonFor("a")).isNull();
        assertThat(keys.reasonFor("b")).isEqualTo("logged out");
        assertThat(keys.reasonFor("c")).isEqualTo("expired");
    }

    @Test
    void refuses_a_client_s_stream_beyond_its_limit_and_counts_again_as_streams_end_however_they_end() {
        try (LiveFeed feed = new LiveFeed(16, Duration.ofHours(1), 2)) {
            String client = "203.0.113.1";
            LiveFeed.Subscription first = feed.subscribe("ann", "s1", client, new BlockedSink());
            feed.subscribe("ann", "s2", client, new BlockedSink());

            assertThatThrownBy(() -> feed.subscribe("ann", "s3", client, new BlockedSink()))
                    .isInstanceOf(TooManyLiveStreamsException.class)
                    .hasMessage("Client 203.0.113.1 has 2 live streams open; at most 2 per client");
            assertThat(feed.subscriberCount()).as("the refused one is not subscribed").isEqualTo(2);
            feed.subscribe("bob", "s4", "203.0.113.2", new BlockedSink());
            feed.subscribe("ann", "s5", null, new BlockedSink()); // not counted against any client
            assertThat(feed.streamsOpenBy(client)).isEqualTo(2);

            first.close();
            first.close();
            assertThat(feed.streamsOpenBy(client)).as("closed twice, counted once").isEqualTo(1);
            feed.disconnect("s2");
            assertThat(feed.streamsOpenBy(client)).isZero();
            feed.retire("s6", "logged out");
            feed.subscribe("ann", "s6", client, new BlockedSink());
            assertThat(feed.streamsOpenBy(client)).as("a stream of a retired key ends at once").isZero();
            feed.subscribe("ann", "s7", client, new BlockedSink());
            feed.subscribe("ann", "s8", client, new BlockedSink());
            assertThat(feed.streamsOpenBy(client)).isEqualTo(2);
        }
    }

    @Test
    void refuses_a_limit_below_one_stream_per_client() {
        assertThatThrownBy(() -> new LiveFeed(16, Duration.ofHours(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxStreamsPerClient must be at least 1, was 0");
    }
}
