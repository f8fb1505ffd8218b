package io.microlith.testkit.tck;

import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expected-version checks are exact, also when many writers race for the same stream. */
public abstract class ExpectedVersionContract extends StoreContract {

    @Test
    void accepts_no_stream_for_a_new_stream_and_rejects_it_once_the_stream_exists() {
        StreamName stream = stream(uniqueCategory("noStream"), 1);
        store().write(stream, message(0), ExpectedVersion.noStream());

        assertThatThrownBy(() -> store().write(stream, message(1), ExpectedVersion.noStream()))
                .isInstanceOfSatisfying(ExpectedVersionException.class, e -> {
                    assertThat(e.streamName()).isEqualTo(stream);
                    assertThat(e.expected()).isEqualTo(ExpectedVersion.noStream());
                    assertThat(e.actual()).isZero();
                    assertThat(e.getMessage()).contains(stream.value()).contains("-1").contains("0");
                });
        assertThat(store().streamVersion(stream)).isZero();
    }

    @Test
    void accepts_the_exact_version_and_rejects_a_stale_or_future_one_with_the_actual_version() {
        StreamName stream = stream(uniqueCategory("exact"), 1);
        store().write(stream, messages(0, 3), ExpectedVersion.noStream());

        store().write(stream, message(3), ExpectedVersion.exactly(2));

        for (long wrong : new long[] {-1, 0, 2, 4, 100}) {
            assertThatThrownBy(() -> store().write(stream, message(9), ExpectedVersion.exactly(wrong)))
                    .isInstanceOfSatisfying(ExpectedVersionException.class, e -> {
                        assertThat(e.expected()).isEqualTo(ExpectedVersion.exactly(wrong));
                        assertThat(e.actual()).isEqualTo(3);
                    });
        }
        assertThat(readWholeStream(stream, 100)).hasSize(4);
    }

    @Test
    void rejects_an_exact_version_for_a_stream_that_does_not_exist() {
        StreamName stream = stream(uniqueCategory("missing"), 1);

        assertThatThrownBy(() -> store().write(stream, message(0), ExpectedVersion.exactly(0)))
                .isInstanceOfSatisfying(ExpectedVersionException.class, e -> assertThat(e.actual()).isEqualTo(-1));
        assertThat(store().streamVersion(stream)).isEqualTo(-1);
    }

    @Test
    void any_appends_whatever_the_version() {
        StreamName stream = stream(uniqueCategory("any"), 1);

        store().write(stream, message(0), ExpectedVersion.any());
        store().write(stream, message(1), ExpectedVersion.any());

        assertThat(store().streamVersion(stream)).isEqualTo(1);
    }

    @Test
    void rejects_a_whole_batch_when_its_expected_version_is_wrong() {
        StreamName stream = stream(uniqueCategory("batchReject"), 1);
        store().write(stream, message(0));

        assertThatThrownBy(() -> store().write(stream, messages(1, 10), ExpectedVersion.exactly(5)))
                .isInstanceOf(ExpectedVersionException.class);

        assertThat(store().streamVersion(stream)).isZero();
    }

    @Test
    void lets_exactly_one_of_eight_racing_writers_win_each_version() throws Exception {
        StreamName stream = stream(uniqueCategory("race"), 1);
        int writers = 8;
        int versions = 40;
        AtomicInteger conflicts = new AtomicInteger();
        ConcurrentHashMap<Long, String> winners = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String writer = "writer-" + w;
                futures.add(pool.submit(() -> {
                    start.await();
                    while (true) {
                        long version = store().streamVersion(stream);
                        if (version >= versions - 1) {
                            return null;
                        }
                        try {
                            store().write(stream, message("Claimed", "{\"by\":\"" + writer + "\"}"),
                                    ExpectedVersion.exactly(version));
                            String previous = winners.put(version + 1, writer);
                            assertThat(previous).as("two winners for position %d", version + 1).isNull();
                        } catch (ExpectedVersionException e) {
                            assertThat(e.actual()).isGreaterThan(version);
                            conflicts.incrementAndGet();
                        }
                    }
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Message> read = readWholeStream(stream, 1000);
        // Every position has exactly one message, written by the one writer that was told it won.
        assertThat(read).extracting(Message::position)
                .containsExactlyElementsOf(LongStream.range(0, versions).boxed().toList());
        assertThat(winners).hasSize(versions);
        for (Message message : read) {
            assertThat(message.data()).contains(winners.get(message.position()));
        }
    }
}
