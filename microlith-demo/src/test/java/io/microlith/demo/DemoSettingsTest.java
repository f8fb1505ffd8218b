package io.microlith.demo;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoSettingsTest {
    @Nested
    class Reading_flags_and_environment {
        @Test
        void uses_sqlite_in_data_on_port_8080_with_every_role_by_default() {
            DemoSettings settings = DemoSettings.from(List.of(), Map.of());
            assertThat(settings.port()).isEqualTo(8080);
            assertThat(settings.dataDir()).isEqualTo(Path.of("data"));
            assertThat(settings.store()).isEqualTo("sqlite");
            assertThat(settings.run()).isEqualTo(DemoSettings.ROLES);
        }

        @Test
        void takes_the_environment_and_lets_flags_win() {
            DemoSettings settings = DemoSettings.from(List.of("--port=9000", "--store=memory"),
                    Map.of("MICROLITH_PORT", "7000", "MICROLITH_DATA", "/tmp/x", "MICROLITH_RUN", "web,orders"));
            assertThat(settings.port()).isEqualTo(9000);
            assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/x"));
            assertThat(settings.store()).isEqualTo("memory");
            assertThat(settings.run()).isEqualTo(Set.of("web", "orders"));
        }

        @Test
        void takes_the_transcoding_delay_and_the_administrators_normalized() {
            DemoSettings settings = DemoSettings.from(List.of("--transcode-ms=250", "--admins= Ann@Example.org ,bob@example.org,"),
                    Map.of());
            assertThat(settings.transcodeDelay()).isEqualTo(java.time.Duration.ofMillis(250));
            assertThat(settings.admins()).containsExactlyInAnyOrder("ann@example.org", "bob@example.org");
            assertThat(DemoSettings.defaults().admins()).isEmpty();
            assertThat(DemoSettings.defaults().run()).contains("videos", "users");
        }

        @Test
        void reads_the_store_as_transport_by_default_and_a_broker_from_its_url() {
            assertThat(DemoSettings.from(List.of(), Map.of()).onBroker()).isFalse();

            DemoSettings rabbit = DemoSettings.from(List.of("--transport=rabbitmq://guest:guest@10.0.0.5:5672"), Map.of());
            assertThat(rabbit.onBroker()).isTrue();
            assertThat(rabbit.onRabbit()).isTrue();
            assertThat(rabbit.brokerSetting()).isEqualTo("amqp://guest:guest@10.0.0.5:5672");

            DemoSettings kafka = DemoSettings.from(List.of(), Map.of("MICROLITH_TRANSPORT", "kafka://10.0.0.6:9092"));
            assertThat(kafka.onRabbit()).isFalse();
            // the demo's consumers need their categories in global order: one partition, unless said otherwise
            assertThat(kafka.brokerSetting()).isEqualTo("kafka://10.0.0.6:9092?partitions=1");
            assertThat(kafka.withTransport("kafka://k:9092?partitions=4").brokerSetting()).isEqualTo("kafka://k:9092?partitions=4");
        }

        @Test
        void accepts_a_plain_port_variable() {
            assertThat(DemoSettings.from(List.of(), Map.of("PORT", "5000")).port()).isEqualTo(5000);
        }
    }

    @Nested
    class Refusing_bad_settings {
        @Test
        void refuses_an_unknown_store() {
            assertThatThrownBy(() -> DemoSettings.from(List.of("--store=mongo"), Map.of()))
                    .hasMessageContaining("store must be 'sqlite', 'memory' or a store setting").hasMessageContaining("was 'mongo'");
        }

        @Test
        void refuses_an_unknown_role() {
            assertThatThrownBy(() -> DemoSettings.from(List.of("--run=web,billing"), Map.of()))
                    .hasMessageContaining("Unknown role 'billing'");
        }

        @Test
        void refuses_a_transcoding_delay_out_of_range() {
            assertThatThrownBy(() -> DemoSettings.from(List.of("--transcode-ms=-1"), Map.of()))
                    .hasMessageContaining("transcode-ms must be between 0 and 600000, was -1");
        }

        @Test
        void takes_orders_per_second_20_by_default_0_for_no_limit_and_refuses_a_negative_one() {
            assertThat(DemoSettings.defaults().web().ordersPerSecond()).isEqualTo(20);
            assertThat(DemoSettings.from(List.of("--orders-per-second=0"), Map.of()).web().ordersPerSecond()).isZero();
            assertThat(DemoSettings.from(List.of(), Map.of("MICROLITH_ORDERS_PER_SECOND", "50")).web().ordersPerSecond())
                    .isEqualTo(50);
            assertThatThrownBy(() -> DemoSettings.from(List.of("--orders-per-second=-1"), Map.of()))
                    .hasMessageContaining("orders-per-second must be between 0 and 1000000, was -1");
            assertThatThrownBy(() -> DemoSettings.from(List.of("--orders-per-second=lots"), Map.of()))
                    .hasMessageContaining("orders-per-second must be a whole number, was 'lots'");
        }

        @Test
        void refuses_a_transport_that_is_no_broker() {
            assertThatThrownBy(() -> DemoSettings.from(List.of("--transport=mqtt://127.0.0.1"), Map.of()))
                    .hasMessageContaining("transport must be 'store', a RabbitMQ URL").hasMessageContaining("mqtt://");
        }

        @Test
        void refuses_a_port_out_of_range() {
            assertThatThrownBy(() -> DemoSettings.from(List.of("--port=70000"), Map.of()))
                    .hasMessageContaining("between 0 and 65535, was 70000");
        }
    }
}
