package io.microlith.internal.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WakeUpsTest {
    /** Long enough that a test passes only by wake-ups, never by the fallback poll. */
    private static final Duration NO_POLL = Duration.ofHours(1);

    private final WakeUps wakeUps = new WakeUps();

    @AfterEach
    void close() {
        wakeUps.stop();
        wakeUps.close();
    }

    @Test
    void a_wake_up_that_comes_before_the_wait_ends_it_at_once() {
        wakeUps.start(Thread.currentThread(), NO_POLL);
        wakeUps.wake();

        assertThat(wakeUps.await()).as("ended by a wake-up, not quietly").isFalse();
    }

    @Test
    void a_wake_up_during_the_wait_ends_it() throws InterruptedException {
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch woken = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().unstarted(() -> {
            waiting.countDown();
            wakeUps.await();
            woken.countDown();
        });
        wakeUps.start(waiter, NO_POLL);
        waiter.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

        wakeUps.wake();

        assertThat(woken.await(10, TimeUnit.SECONDS)).as("woken without a poll tick").isTrue();
    }

    @Test
    void never_loses_a_wake_up_between_a_read_and_the_wait() throws InterruptedException {
        int writers = 4;
        int writesEach = 20_000;
        AtomicLong written = new AtomicLong();
        AtomicLong read = new AtomicLong();
        AtomicBoolean allWritten = new AtomicBoolean();
        // the reader reads what was written, then waits when it found nothing new, as a consumer does
        Thread reader = Thread.ofVirtual().unstarted(() -> {
            while (!wakeUps.stopping()) {
                long now = written.get();
                if (now > read.get()) {
                    read.set(now);
                } else if (allWritten.get() && now == writesEach * (long) writers) {
                    return;
                } else {
                    wakeUps.await();
                }
            }
        });
        wakeUps.start(reader, NO_POLL);
        reader.start();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < writesEach; i++) {
                    written.incrementAndGet(); // the commit, then its notification
                    wakeUps.wake();
                }
            }));
        }
        Threads.joinUninterruptibly(threads);
        allWritten.set(true);
        wakeUps.wake();

        assertThat(reader.join(Duration.ofSeconds(20))).as("the reader saw every write without a poll tick").isTrue();
        assertThat(read.get()).isEqualTo(writesEach * (long) writers);
    }

    @Test
    void a_poll_tick_without_a_wake_up_ends_the_wait_quietly() {
        wakeUps.start(Thread.currentThread(), Duration.ofMillis(10));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean quiet = false;
        while (!quiet && System.nanoTime() < deadline) {
            quiet = wakeUps.await();
        }

        assertThat(quiet).isTrue();
    }

    @Test
    void a_stop_ends_the_wait_and_every_later_wait_and_sleep_at_once() throws InterruptedException {
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().unstarted(() -> {
            waiting.countDown();
            while (!wakeUps.stopping()) {
                wakeUps.await();
            }
            wakeUps.await();
            wakeUps.sleep(NO_POLL.toNanos());
        });
        wakeUps.start(waiter, NO_POLL);
        waiter.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

        wakeUps.stop();

        assertThat(waiter.join(Duration.ofSeconds(10))).isTrue();
        assertThat(wakeUps.stopping()).isTrue();
    }

    @Test
    void a_sleep_lasts_its_time_when_not_stopped() {
        long start = System.nanoTime();

        wakeUps.sleep(TimeUnit.MILLISECONDS.toNanos(50));

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void refuses_to_start_twice() {
        wakeUps.start(Thread.currentThread(), NO_POLL);

        assertThatThrownBy(() -> wakeUps.start(Thread.currentThread(), NO_POLL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("started before");
    }
}
