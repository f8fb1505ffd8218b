package io.microlith.demo.email;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.email.EmailMessages.EmailFailed;
import io.microlith.demo.email.EmailMessages.EmailSent;
import io.microlith.demo.email.EmailMessages.SendEmail;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The send-email component (seed 003) and the welcome e-mail that follows a registration.
 *
 * <p>Idempotent: before sending, it reads the e-mail's stream; an e-mail that has an
 * {@code EmailSent} is never sent again, however often its Send command is delivered or replayed.
 * (A crash between the mailer's answer and the write of {@code EmailSent} sends it once more on
 * restart: with an outside system, at-least-once is the honest promise.)
 */
public final class EmailComponent {
    private static final Logger LOG = LoggerFactory.getLogger(EmailComponent.class);

    private final Microlith microlith;
    private final Mailer mailer;

    public EmailComponent(Microlith microlith, Mailer mailer) {
        this.microlith = microlith;
        this.mailer = mailer;
    }

    public static void routes(io.microlith.MicrolithConfig config) {
        config.route(SendEmail.class, "email:command", SendEmail::emailId)
                .route(EmailSent.class, "email", EmailSent::emailId)
                .route(EmailFailed.class, "email", EmailFailed::emailId);
    }

    public void subscribe() {
        microlith.commandBus().subscribe(SendEmail.class, this::send);
        microlith.eventBus().subscribe(UserRegistered.class, this::welcome);
    }

    /** A registered user gets a welcome e-mail; the Send's id follows from the event, so a replay adds none. */
    void welcome(UserRegistered registered, Message message) {
        String emailId = uuid("welcome:" + registered.userId());
        var send = Envelope.follows(message, new SendEmail(emailId, registered.email(), "Welcome to the Microlith demo",
                "Hello " + registered.email() + ",\n\nyour account (" + registered.role() + ") is ready.\n"))
                .withId(UUID.fromString(uuid("send:" + message.id())));
        try {
            microlith.commandBus().dispatch(send);
        } catch (DuplicateMessageIdException alreadyDispatched) {
            // Handled before (at-least-once delivery): the Send is in the store already.
        }
    }

    void send(SendEmail command, Message message) {
        StreamName stream = StreamName.of("email", command.emailId());
        List<Message> history = microlith.store().readStream(stream, 0);
        if (history.stream().anyMatch(m -> m.type().equals("EmailSent"))) {
            LOG.debug("E-mail {} was sent already; not sending it again", command.emailId());
            return;
        }
        ExpectedVersion expected = ExpectedVersion.exactly(history.isEmpty() ? -1 : history.getLast().position());
        Record outcome;
        try {
            mailer.send(command.to(), command.subject(), command.text());
            outcome = new EmailSent(command.emailId(), command.to(), command.subject());
        } catch (Exception e) {
            LOG.warn("Sending e-mail {} failed: {}", command.emailId(), e.toString());
            outcome = new EmailFailed(command.emailId(), command.to(), e.getMessage() == null ? e.toString() : e.getMessage());
        }
        microlith.eventBus().dispatch(stream, Envelope.follows(message, outcome), expected);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
