package io.microlith.message;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageTypesTest {
    record Deposited(String accountId, long amount) {
    }

    record Withdrawn(String accountId, long amount) {
    }

    /** Writes its text into the JSON as it is: the one way to make Jackson write JSON that is not well-formed. */
    record Raw(@JsonRawValue String text) {
    }

    private static Message stored(String type, String data) {
        return new Message(UUID.randomUUID(), StreamName.of("account-1"), type, 0, 1, Instant.now(), data, null);
    }

    @Test
    void maps_a_record_to_its_simple_name_and_json_and_back() {
        MessageTypes types = MessageTypes.of(Deposited.class);

        NewMessage message = types.toNewMessage(new Deposited("1", 10));

        assertThat(message.type()).isEqualTo("Deposited");
        assertThat(message.data()).isEqualTo("{\"accountId\":\"1\",\"amount\":10}");
        assertThat(types.decode(stored("Deposited", message.data()))).contains(new Deposited("1", 10));
    }

    @Test
    void does_not_parse_again_the_json_it_wrote_itself() {
        MessageTypes types = MessageTypes.of(Raw.class);
        UUID id = UUID.randomUUID();

        // Were the JSON parsed again, this broken text would be refused; not parsing it shows it was not.
        NewMessage message = types.toNewMessage(id, "Raw", new Raw("[1,"), Metadata.EMPTY);
        NewMessage copy = message.withMetadata(Metadata.correlated()).withId(UUID.randomUUID());

        assertThat(message.id()).isEqualTo(id);
        assertThat(message.data()).isEqualTo("{\"text\":[1,}");
        assertThat(copy.data()).isSameAs(message.data());
    }

    @Test
    void still_checks_text_that_comes_from_outside_even_if_the_toolkit_wrote_it_before() {
        NewMessage written = MessageTypes.of(Raw.class).toNewMessage(UUID.randomUUID(), "Raw", new Raw("[1,"), null);

        assertThatThrownBy(() -> new NewMessage(UUID.randomUUID(), "Raw", written.data(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid JSON");
    }

    @Test
    void leaves_unknown_types_readable_as_raw_messages() {
        MessageTypes types = MessageTypes.of(Deposited.class);

        assertThat(types.decode(stored("Frozen", "{\"why\":\"fraud\"}"))).isEmpty();
    }

    @Test
    void ignores_json_fields_the_record_does_not_know() {
        MessageTypes types = MessageTypes.of(Deposited.class);

        assertThat(types.decode(stored("Deposited", "{\"accountId\":\"1\",\"amount\":5,\"newField\":true}"), Deposited.class))
                .isEqualTo(new Deposited("1", 5));
    }

    @Test
    void refuses_to_register_a_name_twice_for_different_records() {
        MessageTypes types = MessageTypes.of(Deposited.class);

        assertThatThrownBy(() -> types.register("Deposited", Withdrawn.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        types.register(Deposited.class);
    }

    @Test
    void refuses_to_write_an_unregistered_record() {
        assertThatThrownBy(() -> new MessageTypes().toNewMessage(new Withdrawn("1", 1)))
                .isInstanceOf(UnknownMessageTypeException.class).hasMessageContaining("not a registered message type");
    }

    @Test
    void says_which_record_a_message_does_not_fit() {
        MessageTypes types = MessageTypes.of(Deposited.class, Withdrawn.class);

        assertThatThrownBy(() -> types.decode(stored("Deposited", "{}"), Withdrawn.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registered to");
        assertThatThrownBy(() -> types.decode(stored("Deposited", "{\"amount\":\"lots\"}"), Deposited.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }
}
