package io.microlith.testkit.tck;

import io.microlith.store.CommitNotifications.Registration;
import io.microlith.store.WriteResult;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store wakes listeners after a commit, naming the category. What this does not check: that a
 * closed registration never hears of a commit already in flight (stores across processes cannot promise it).
 */
public abstract class NotificationsContract extends StoreContract {

    @Test
    void tells_a_listener_which_category_received_messages() throws InterruptedException {
        String category = uniqueCategory("notified");
        BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
        try (Registration ignored = store().onCommit((cat, position) -> {
            if (cat.equals(category)) {
                heard.add(position);
            }
        })) {
            WriteResult result = store().write(stream(category, 1), message(1));

            Long position = heard.poll(30, TimeUnit.SECONDS);
            assertThat(position).as("a notification for %s", category).isNotNull();
            assertThat(position).isIn(0L, result.lastGlobalPosition());
        }
    }
}
