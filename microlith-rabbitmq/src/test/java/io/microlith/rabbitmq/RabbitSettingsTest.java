package io.microlith.rabbitmq;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RabbitSettingsTest {

    @Test
    void a_full_url_gives_every_setting() {
        RabbitSettings settings = RabbitSettings.parse("amqp://app:s%40cret@broker.local:5673/prod?exchange=shop&startupWait=PT30S");

        assertThat(settings).isEqualTo(new RabbitSettings("broker.local", 5673, "app", "s@cret", "prod", "shop",
                Duration.ofSeconds(30)));
    }

    @Test
    void a_bare_url_takes_the_defaults() {
        assertThat(RabbitSettings.parse("amqp://127.0.0.1")).isEqualTo(RabbitSettings.local());
        assertThat(RabbitSettings.parse("amqp://127.0.0.1/%2F").virtualHost()).isEqualTo("/");
        assertThat(RabbitSettings.parse("amqp://h?startupWait=PT0.25S").startupWait()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void a_wrong_url_is_refused_saying_what_was_expected() {
        assertThatThrownBy(() -> RabbitSettings.parse("http://127.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Expected amqp://");
        assertThatThrownBy(() -> RabbitSettings.parse("amqp://h?lanes=3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown RabbitMQ setting 'lanes'");
        assertThatThrownBy(() -> RabbitSettings.parse("amqp://h?startupWait=soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'soon'");
        assertThatThrownBy(() -> RabbitSettings.parse("amqp://h?exchange=a%20b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exchange name");
    }

    @Test
    void an_unreachable_broker_fails_at_once_with_where_and_why() {
        RabbitSettings nowhere = RabbitSettings.parse("amqp://127.0.0.1:1/").withStartupWait(Duration.ZERO);

        assertThatThrownBy(() -> RabbitTransport.connect(nowhere))
                .isInstanceOf(RabbitUnavailableException.class)
                .hasMessageContaining("amqp://127.0.0.1:1/")
                .hasMessageContaining("unreachable after 1 attempt(s)");
    }

    @Test
    void an_unreachable_broker_is_tried_again_for_the_startup_wait_then_fails() {
        RabbitSettings nowhere = RabbitSettings.parse("amqp://127.0.0.1:1/?startupWait=PT1S");

        assertThatThrownBy(() -> RabbitTransport.connect(nowhere))
                .isInstanceOf(RabbitUnavailableException.class)
                .hasMessageContaining("over PT1S (startupWait)")
                .hasMessageNotContaining("after 1 attempt(s)");
    }
}
