package io.microlith;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.store.MessageStoreException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureTest {
    record Note(String id) {
    }

    @Test
    void features_are_configured_while_the_microlith_is_configured_and_wired_once_it_exists() {
        List<String> calls = new ArrayList<>();
        Feature notes = new Feature() {
            @Override
            public void configure(MicrolithConfig config) {
                calls.add("configure");
                config.route(Note.class, "note", Note::id);
            }

            @Override
            public void wire(Microlith microlith) {
                calls.add("wire");
                microlith.eventBus().subscribe(Note.class, note -> calls.add("handled " + note.id()));
            }
        };

        try (Microlith microlith = Microlith.create(config -> config.feature(notes))) {
            microlith.start();
            microlith.eventBus().dispatch(new Note("1"));
            microlith.awaitIdle(java.time.Duration.ofSeconds(10));
        }

        assertThat(calls).containsExactly("configure", "wire", "handled 1");
    }

    @Test
    void a_feature_that_fails_to_wire_leaves_nothing_running() {
        AtomicReference<Microlith> wired = new AtomicReference<>();
        Feature broken = new Feature() {
            @Override
            public void wire(Microlith microlith) {
                wired.set(microlith);
                throw new IllegalStateException("no");
            }
        };

        assertThatThrownBy(() -> Microlith.create(config -> config.feature(broken))).hasMessage("no");
        assertThatThrownBy(() -> wired.get().start()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void a_store_opened_from_a_setting_belongs_to_the_microlith() {
        MessageStore store;
        try (Microlith microlith = Microlith.create(config -> config.store("memory:"))) {
            store = microlith.store();
            assertThat(store.headGlobalPosition()).isZero();
        }
        assertThatThrownBy(() -> store.write(StreamName.of("note-1"), NewMessage.of("Note", "{}")))
                .isInstanceOf(MessageStoreException.class).hasMessageContaining("closed");
    }
}
