package io.microlith.demo;

import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.microlith.demo.DemoTesting.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** A process that serves HTTP but runs no component: commands are written, and no outcome ever comes. */
class DeadlineEndToEndTest {

    @Test
    void answers_504_as_json_when_no_outcome_arrives_before_the_deadline() {
        DemoSettings settings = DemoTesting.settings().withRun(DemoTesting.webOnly()).withSealKey(DemoTesting.SEAL_KEY)
                .withDeadline(Duration.ofMillis(300));
        try (HttpTestServer server = DemoTesting.start(settings, new RecordingMailer())) {
            TestResponse register = server.client().postJson("/auth/register",
                    "{\"email\":\"late@example.org\",\"password\":\"" + DemoTesting.PASSWORD + "\"}");
            TestResponse login = server.client().postJson("/auth/login",
                    "{\"email\":\"late@example.org\",\"password\":\"" + DemoTesting.PASSWORD + "\"}");

            assertError(register, 504, "timeout", null);
            assertThat(register.json().path("message").asText()).contains("the registration").contains("300 ms");
            assertError(login, 504, "timeout", null);
            assertThat(login.header("Set-Cookie")).isNull();
        }
    }
}
