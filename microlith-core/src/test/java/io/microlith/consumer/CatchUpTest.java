package io.microlith.consumer;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CatchUpTest {
    private final AtomicLong storeHead = new AtomicLong(5);
    private final AtomicInteger asked = new AtomicInteger();
    private final CatchUp catchUp = new CatchUp(() -> {
        asked.incrementAndGet();
        return storeHead.get();
    });

    @Test
    void learns_the_head_from_commit_notifications_without_asking_the_store() {
        catchUp.start();
        storeHead.set(9);
        catchUp.noteHead(7);
        catchUp.noteHead(9);
        catchUp.noteHead(8); // notifications of different categories may come out of order

        assertThat(catchUp.knownHead()).isEqualTo(9);
        assertThat(asked).hasValue(1); // at start only
    }

    @Test
    void asks_the_store_when_a_notification_cannot_tell_the_position() {
        catchUp.start();
        storeHead.set(12);
        catchUp.noteHead(0);

        assertThat(catchUp.knownHead()).isEqualTo(12);
        assertThat(catchUp.knownHead()).isEqualTo(12);
        assertThat(asked).hasValue(2);
    }

    @Test
    void asks_the_store_once_when_told_to_in_case_a_notification_was_lost() {
        catchUp.start();
        storeHead.set(20);

        catchUp.askHead();

        assertThat(catchUp.knownHead()).isEqualTo(20);
        storeHead.set(30);
        assertThat(catchUp.knownHead()).isEqualTo(20);
    }

    @Test
    void is_caught_up_to_nothing_at_first_and_never_moves_back() {
        assertThat(catchUp.caughtUpTo()).isZero();

        catchUp.caughtUp(8);
        catchUp.caughtUp(-1); // a read that did not start from a known head
        catchUp.caughtUp(6);

        assertThat(catchUp.caughtUpTo()).isEqualTo(8);
    }
}
