package io.microlith.demo.email;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.RecordingMailer;
import io.microlith.demo.email.EmailMessages.EmailFailed;
import io.microlith.demo.email.EmailMessages.EmailSent;
import io.microlith.demo.email.EmailMessages.SendEmail;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The send-email component on the in-memory store, with its handlers called as a redelivery would. */
class EmailComponentTest {
    RecordingMailer mailer = new RecordingMailer();
    Microlith microlith;
    EmailComponent component;

    @BeforeEach
    void start() {
        microlith = Microlith.create(config -> {
            config.types(EmailMessages.register(new MessageTypes()));
            EmailComponent.routes(config);
            config.route(UserRegistered.class, "user", UserRegistered::userId);
        });
        component = new EmailComponent(microlith, mailer);
        component.subscribe();
        microlith.start();
    }

    @AfterEach
    void stop() {
        microlith.close();
    }

    private Message stored(StreamName stream, int position) {
        return microlith.store().readStream(stream, position, 1).getFirst();
    }

    @Test
    void sends_once_and_records_it() {
        var send = Envelope.correlated(new SendEmail("e1", "ann@example.org", "Hi", "Hello"));
        microlith.commandBus().dispatch(send);

        microlith.eventBus().waitFor(send.correlationId(), EmailSent.class, Duration.ofSeconds(5));
        assertThat(mailer.sent()).containsExactly(new RecordingMailer.Mail("ann@example.org", "Hi", "Hello"));
    }

    @Test
    void never_sends_a_replayed_send_twice() {
        var send = Envelope.correlated(new SendEmail("e2", "bob@example.org", "Hi", "Hello"));
        microlith.commandBus().dispatch(send);
        microlith.eventBus().waitFor(send.correlationId(), EmailSent.class, Duration.ofSeconds(5));
        Message command = stored(StreamName.of("email:command", "e2"), 0);

        component.send(new SendEmail("e2", "bob@example.org", "Hi", "Hello"), command);
        var again = Envelope.correlated(new SendEmail("e2", "bob@example.org", "Hi", "Hello"));
        microlith.commandBus().dispatch(again);
        component.send(again.body(), stored(StreamName.of("email:command", "e2"), 1));

        assertThat(mailer.sentTo("bob@example.org")).hasSize(1);
        assertThat(microlith.store().readStream(StreamName.of("email", "e2"), 0)).extracting(Message::type)
                .containsExactly("EmailSent");
    }

    @Test
    void records_a_failure_and_sends_on_a_later_send() {
        try (Microlith other = Microlith.create(config -> {
            config.types(EmailMessages.register(new MessageTypes()));
            EmailComponent.routes(config);
            config.route(UserRegistered.class, "user", UserRegistered::userId);
        })) {
            EmailComponent broken = new EmailComponent(other, (to, subject, text) -> {
                throw new IllegalStateException("mail server down");
            });
            broken.subscribe();
            other.start();
            var send = Envelope.correlated(new SendEmail("e3", "carol@example.org", "Hi", "Hello"));
            other.commandBus().dispatch(send);
            EmailFailed failed = other.eventBus().waitFor(send.correlationId(), EmailFailed.class, Duration.ofSeconds(5));
            assertThat(failed.reason()).isEqualTo("mail server down");

            var retry = Envelope.correlated(new SendEmail("e3", "carol@example.org", "Hi", "Hello"));
            other.commandBus().dispatch(retry);
            new EmailComponent(other, mailer).send(retry.body(), other.store().readStream(StreamName.of("email:command", "e3"), 1, 1).getFirst());

            assertThat(mailer.sentTo("carol@example.org")).hasSize(1);
            assertThat(other.store().readStream(StreamName.of("email", "e3"), 0)).extracting(Message::type)
                    .startsWith("EmailFailed").contains("EmailSent");
        }
    }

    @Test
    void asks_for_one_welcome_email_per_registration_even_when_the_event_is_delivered_twice() {
        var registered = Envelope.correlated(new UserRegistered("u1", "dave@example.org", "$2a$hash", "customer"));
        microlith.eventBus().dispatch(registered);
        microlith.eventBus().waitFor(registered.correlationId(), EmailSent.class, Duration.ofSeconds(5));
        Message event = stored(StreamName.of("user", "u1"), 0);

        component.welcome(registered.body(), event);

        List<Message> sends = microlith.store().readCategory("email:command", 1, 100);
        assertThat(sends).hasSize(1);
        assertThat(mailer.sentTo("dave@example.org")).singleElement()
                .satisfies(mail -> assertThat(mail.subject()).contains("Welcome"));
    }
}
