package io.microlith.postgres;

import io.microlith.message.MessageLimits;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresSettingsTest {

    @Test
    void parses_host_and_database_with_defaults() {
        PostgresSettings settings = PostgresSettings.parse("postgresql://127.0.0.1/microlith");

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/microlith");
        assertThat(settings.user()).isNull();
        assertThat(settings.poolSize()).isEqualTo(PostgresSettings.DEFAULT_POOL_SIZE);
        assertThat(settings.schemaMode()).isEqualTo(SchemaMode.INSTALL);
        assertThat(settings.database()).isEqualTo("microlith");
        assertThat(settings.maxMessageBytes()).isEqualTo(MessageLimits.DEFAULT_MAX_MESSAGE_BYTES);
    }

    @Test
    void parses_the_largest_message_size_and_keeps_it_from_the_driver() {
        PostgresSettings settings = PostgresSettings.parse("postgresql://h/d?maxMessageBytes=65536&sslmode=require");

        assertThat(settings.maxMessageBytes()).isEqualTo(65536);
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://h/d?sslmode=require");
        assertThat(settings.withMaxMessageBytes(20000).maxMessageBytes()).isEqualTo(20000);
        assertThatThrownBy(() -> PostgresSettings.parse("postgresql://h/d?maxMessageBytes=0"))
                .hasMessageContaining("between 16384");
        assertThatThrownBy(() -> settings.withMaxMessageBytes(MessageLimits.MAX_MESSAGE_BYTES + 1))
                .hasMessageContaining("and 16777216");
    }

    @Test
    void parses_credentials_port_microlith_parameters_and_passes_the_others_to_the_driver() {
        PostgresSettings settings = PostgresSettings.parse(
                "postgres://app:s%40cret@db.example:6543/store?poolSize=4&schema=validate&sslmode=require&retryFor=PT5S");

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/store?sslmode=require");
        assertThat(settings.user()).isEqualTo("app");
        assertThat(settings.password()).isEqualTo("s@cret");
        assertThat(settings.poolSize()).isEqualTo(4);
        assertThat(settings.schemaMode()).isEqualTo(SchemaMode.VALIDATE);
        assertThat(settings.retryFor()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.toString()).doesNotContain("s@cret");
    }

    @Test
    void accepts_a_jdbc_url_and_switches_databases() {
        PostgresSettings settings = PostgresSettings.parse("jdbc:postgresql://localhost:5432/a?user=postgres&ssl=false");

        assertThat(settings.user()).isEqualTo("postgres");
        assertThat(settings.withDatabase("b").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/b?ssl=false");
    }

    @Test
    void rejects_settings_it_cannot_use_saying_why() {
        assertThatThrownBy(() -> PostgresSettings.parse("mysql://h/d")).hasMessageContaining("postgresql://host[:port]/database");
        assertThatThrownBy(() -> PostgresSettings.parse("postgresql://127.0.0.1")).hasMessageContaining("needs a host and a database");
        assertThatThrownBy(() -> PostgresSettings.parse("postgresql://h/d?poolSize=many")).hasMessageContaining("poolSize must be a whole number");
        assertThatThrownBy(() -> PostgresSettings.parse("postgresql://h/d?schema=drop")).hasMessageContaining("'install' or 'validate'");
        assertThatThrownBy(() -> PostgresSettings.parse("postgresql://h/d").withPoolSize(0)).hasMessageContaining("at least 1, was 0");
    }
}
