package io.microlith.demo.admin;

import io.microlith.demo.DemoApp;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A consumer of the test's own in a running demo, of category {@code flaky}, that fails while its service is "down":
 * the message it cannot handle is parked, and an operator retries it from the portal once the service is back. (The
 * demo's own components turn bad input into rejections, so they park nothing a retry would fix.)
 */
public final class FlakyConsumer {
    public static final String CATEGORY = "flaky";
    public static final String NAME = "flaky-test";

    private final DemoApp app;
    private volatile boolean down;
    private final List<String> handled = new CopyOnWriteArrayList<>();

    public FlakyConsumer(DemoApp app) {
        this.app = app;
        app.microlith().consumer(CATEGORY, NAME, c -> c.handle("Flaky", message -> {
            if (down) {
                throw new IllegalStateException("the flaky service is down");
            }
            handled.add(message.id().toString());
        }));
    }

    /** Makes the handler fail ({@code true}) or work again. */
    public void down(boolean down) {
        this.down = down;
    }

    /** Writes a message for it, starting a conversation; returns its id. */
    public String send() {
        NewMessage message = NewMessage.of("Flaky", "{\"step\":\"charge the card\"}", Metadata.correlated());
        app.microlith().store().write(StreamName.of(CATEGORY, UUID.randomUUID().toString()), message);
        return message.id().toString();
    }

    /** The ids of the messages it handled. */
    public List<String> handled() {
        return List.copyOf(handled);
    }
}
