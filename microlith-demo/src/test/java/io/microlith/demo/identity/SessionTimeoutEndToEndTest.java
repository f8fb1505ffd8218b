package io.microlith.demo.identity;

import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.SseStream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions end on their own: here after 2 s without a request (the default is 30 minutes). */
class SessionTimeoutEndToEndTest {

    @Test
    void a_session_left_idle_ends_and_a_busy_one_goes_on() throws InterruptedException {
        var settings = DemoTesting.settings().withSessions(Duration.ofSeconds(2), Duration.ofHours(1));
        try (HttpTestServer server = DemoTesting.start(settings, new RecordingMailer())) {
            HttpTestClient idle = DemoTesting.loggedIn(server, "idle", "customer");
            HttpTestClient busy = DemoTesting.loggedIn(server, "busy", "customer");
            assertThat(idle.get("/auth/me").status()).isEqualTo(200);

            for (int i = 0; i < 10; i++) {
                Thread.sleep(250); // a client that keeps asking well within its idle time
                assertThat(busy.get("/auth/me").status()).as("request %d of the busy session", i).isEqualTo(200);
            }

            assertThat(idle.get("/auth/me").status()).as("after 2.5 s without a request").isEqualTo(401);
        }
    }

    @Test
    void a_session_that_expires_without_a_request_has_its_live_streams_closed() throws Exception {
        var settings = DemoTesting.settings().withSessions(Duration.ofSeconds(1), Duration.ofHours(1));
        try (HttpTestServer server = DemoTesting.start(settings, new RecordingMailer())) {
            HttpTestClient watching = DemoTesting.loggedIn(server, "watching", "customer");
            try (SseStream events = watching.sse("/order-events")) {
                assertThat(events.status()).isEqualTo(200);

                events.ended().get(20, TimeUnit.SECONDS); // the sweep ends it: no request came to find out
            }
            assertThat(watching.get("/auth/me").status()).isEqualTo(401);
        }
    }
}
