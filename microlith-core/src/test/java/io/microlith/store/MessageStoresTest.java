package io.microlith.store;

import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageStoresTest {

    @Test
    void opens_the_built_in_memory_store() {
        try (MessageStore store = MessageStores.open("memory:")) {
            assertThat(store).isInstanceOf(InMemoryMessageStore.class);
        }
    }

    @Test
    void names_the_available_schemes_when_none_fits() {
        assertThatThrownBy(() -> MessageStores.open("cassandra://x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No message store for scheme 'cassandra'").hasMessageContaining("memory");
    }

    @Test
    void explains_the_form_of_a_setting_without_scheme() {
        assertThatThrownBy(() -> MessageStores.open("./data/x.db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sqlite:<file>");
    }
}
