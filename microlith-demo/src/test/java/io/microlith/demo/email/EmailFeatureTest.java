package io.microlith.demo.email;

import io.microlith.bus.Envelope;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.RecordingMailer;
import io.microlith.demo.email.EmailMessages.EmailFailed;
import io.microlith.demo.email.EmailMessages.EmailSent;
import io.microlith.demo.email.EmailMessages.SendEmail;
import io.microlith.demo.identity.IdentityFeature;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;
import io.microlith.demo.identity.SecretBox;
import io.microlith.message.StreamName;
import io.microlith.http.live.LiveFeed;
import io.microlith.testkit.fixture.MicrolithFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The send-email component and the welcome reaction, given / when / then on the in-memory store. */
class EmailFeatureTest {
    static final StreamName E1 = StreamName.of("email", "e1");
    final RecordingMailer mailer = new RecordingMailer();

    /** The e-mail role, beside the identity feature's routes (as in a process that runs only {@code email}). */
    MicrolithFixture fixture(Mailer mailer) {
        DemoSettings emailOnly = DemoSettings.defaults().withRun(Set.of("email"));
        return MicrolithFixture.of(new IdentityFeature(emailOnly, SecretBox.ephemeral(Duration.ofMinutes(1)), new LiveFeed()),
                new EmailFeature(emailOnly, mailer));
    }

    static SendEmail send() {
        return new SendEmail("e1", "u1", "ann@example.org", "Hi", "Hello");
    }

    @Test
    void sends_an_email_and_records_it() {
        try (var fixture = fixture(mailer)) {
            fixture.when(Envelope.correlated(send())).wrote(E1, new EmailSent("e1", "u1", "ann@example.org", "Hi"));

            assertThat(mailer.sent()).containsExactly(new RecordingMailer.Mail("ann@example.org", "Hi", "Hello"));
        }
    }

    @Test
    void never_sends_an_email_twice_however_often_its_send_comes() {
        try (var fixture = fixture(mailer)) {
            var first = Envelope.correlated(send());
            fixture.when(first);

            // the same Send stored again, and another Send of the same e-mail
            fixture.when(StreamName.of("email:command-e1"), first.withId(UUID.randomUUID())).wroteNothing();
            fixture.when(Envelope.correlated(send())).wroteNothing();

            assertThat(mailer.sentTo("ann@example.org")).hasSize(1);
        }
    }

    @Test
    void records_a_failure_and_sends_on_a_later_send() {
        AtomicInteger attempts = new AtomicInteger();
        Mailer flaky = (to, subject, text) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("mail server down");
            }
            mailer.send(to, subject, text);
        };
        try (var fixture = fixture(flaky)) {
            fixture.when(Envelope.correlated(send())).wrote(E1, new EmailFailed("e1", "u1", "ann@example.org", "mail server down"));

            fixture.when(Envelope.correlated(send())).wrote(E1, new EmailSent("e1", "u1", "ann@example.org", "Hi"));

            assertThat(mailer.sentTo("ann@example.org")).hasSize(1);
        }
    }

    @Test
    void welcomes_a_registered_user_once_even_when_the_registration_is_stored_twice() {
        try (var fixture = fixture(mailer)) {
            var registered = new UserRegistered("u1", "dave@example.org", "$2a$hash", "customer");
            fixture.when(StreamName.of("user", "u1"), Envelope.correlated(registered)).written(SendEmail.class);

            fixture.when(StreamName.of("user", "u1"), Envelope.correlated(registered));

            assertThat(mailer.sentTo("dave@example.org")).singleElement()
                    .satisfies(mail -> assertThat(mail.subject()).contains("Welcome"));
        }
    }
}
