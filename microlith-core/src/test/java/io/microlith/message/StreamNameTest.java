package io.microlith.message;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamNameTest {

    @Nested
    class Parsing {
        @Test
        void splits_category_and_id_at_the_first_dash() {
            StreamName name = StreamName.of("account-abc-def");

            assertThat(name.category()).isEqualTo("account");
            assertThat(name.id()).contains("abc-def");
            assertThat(name.cardinalId()).contains("abc-def");
            assertThat(name.isCategory()).isFalse();
        }

        @Test
        void reads_category_types_after_a_colon() {
            StreamName name = StreamName.of("account:command+position-7");

            assertThat(name.category()).isEqualTo("account:command+position");
            assertThat(name.entity()).isEqualTo("account");
            assertThat(name.types()).containsExactly("command", "position");
            assertThat(name.hasType("command")).isTrue();
            assertThat(name.id()).contains("7");
        }

        @Test
        void reads_compound_ids_and_their_cardinal_id() {
            StreamName name = StreamName.of("order-1+2+x");

            assertThat(name.ids()).containsExactly("1", "2", "x");
            assertThat(name.cardinalId()).contains("1");
            assertThat(StreamName.of("order", "1", "2").value()).isEqualTo("order-1+2");
        }

        @Test
        void treats_a_name_without_dash_as_a_bare_category() {
            StreamName name = StreamName.of("account");

            assertThat(name.isCategory()).isTrue();
            assertThat(name.category()).isEqualTo("account");
            assertThat(name.id()).isEmpty();
            assertThat(name.cardinalId()).isEmpty();
            assertThat(name.ids()).isEqualTo(List.of());
            assertThat(name.types()).isEmpty();
        }

        @Test
        void builds_an_entity_stream_from_category_and_id() {
            assertThat(StreamName.of("account", "123")).isEqualTo(StreamName.of("account-123"));
        }
    }

    @Nested
    class Rejecting {
        @ParameterizedTest
        @ValueSource(strings = {"", " ", "-1", "account-", "account:-1", ":command-1", "account:x:y-1",
                "account-1++2", "account-+1", "account-1+", "a b-1", "account-1\t", "+x-1", "account+x:command-1"})
        void refuses_names_that_break_the_grammar(String name) {
            assertThatThrownBy(() -> StreamName.of(name)).isInstanceOf(InvalidStreamNameException.class)
                    .hasMessageStartingWith("Invalid stream name '" + name + "'");
        }

        @Test
        void refuses_null_with_a_clear_message() {
            assertThatThrownBy(() -> StreamName.of(null)).isInstanceOf(InvalidStreamNameException.class)
                    .hasMessage("Invalid stream name null: a name is required");
        }

        @Test
        void refuses_a_category_that_contains_a_dash() {
            assertThatThrownBy(() -> StreamName.requireCategory("account-1"))
                    .isInstanceOf(InvalidStreamNameException.class).hasMessageContaining("must not contain '-'");
            assertThatThrownBy(() -> StreamName.of("account", ""))
                    .isInstanceOf(InvalidStreamNameException.class).hasMessageContaining("id must not be empty");
        }
    }
}
