package io.microlith.kafka;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSettingsTest {

    @Test
    void a_full_url_gives_every_setting() {
        assertThat(KafkaSettings.parse("kafka://k1:9092,k2:9093?topicPrefix=shop&partitions=12&replication=3&startupWait=PT30S"))
                .isEqualTo(new KafkaSettings("k1:9092,k2:9093", "shop", 12, (short) 3, Duration.ofSeconds(30)));
    }

    @Test
    void a_bare_url_takes_the_defaults() {
        assertThat(KafkaSettings.parse("kafka://127.0.0.1:9092")).isEqualTo(KafkaSettings.of("127.0.0.1:9092"));
    }

    @Test
    void a_wrong_url_is_refused_saying_what_was_expected() {
        assertThatThrownBy(() -> KafkaSettings.parse("amqp://h:1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Expected kafka://host:port");
        assertThatThrownBy(() -> KafkaSettings.parse("kafka://nohost")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> KafkaSettings.parse("kafka://h:1?lanes=2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown Kafka setting 'lanes'");
        assertThatThrownBy(() -> KafkaSettings.parse("kafka://h:1?partitions=many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'many'");
        assertThatThrownBy(() -> KafkaSettings.parse("kafka://h:1?topicPrefix=a:b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic prefix");
    }

    @Test
    void a_category_becomes_a_legal_topic_name_without_collisions() {
        assertThat(KafkaTransport.legal("account:command")).isEqualTo("account-3acommand");
        assertThat(KafkaTransport.legal("account_command")).isEqualTo("account_command");
        assertThat(KafkaTransport.legal("a:command+position")).isEqualTo("a-3acommand-2bposition");
    }

    @Test
    void an_unreachable_cluster_fails_after_the_startup_wait_with_where_and_why() {
        assertThatThrownBy(() -> KafkaTransport.connect(KafkaSettings.parse("kafka://127.0.0.1:1?startupWait=PT1S")))
                .isInstanceOf(KafkaUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("did not answer within PT1S (startupWait)");
    }
}
