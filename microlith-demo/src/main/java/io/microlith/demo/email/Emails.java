package io.microlith.demo.email;

import io.microlith.demo.email.EmailMessages.EmailEvent;
import io.microlith.demo.email.EmailMessages.EmailFailed;
import io.microlith.demo.email.EmailMessages.EmailSent;
import io.microlith.demo.email.EmailMessages.SendEmail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The e-mail entity ({@code email-<emailId>}) and its one command, as a decider whose decision reaches the outside
 * world: an e-mail with an {@code EmailSent} is never sent again, however often its Send is delivered or replayed; an
 * e-mail whose sending failed is tried again by a later Send. A crash between the mailer's answer and the write of
 * {@code EmailSent} asks the mailer again after restart, with the same e-mail id: a mailer that keeps the ids it sent
 * (the demo's {@link FileMailer}, or a mail service's idempotency key) sends it once; any other, at least once.
 */
public final class Emails {
    private static final Logger LOG = LoggerFactory.getLogger(Emails.class);

    /** An e-mail as folded from its stream. */
    public record Email(boolean sent, int failures) {
        public static final Email NEW = new Email(false, 0);
    }

    private final Mailer mailer;

    public Emails(Mailer mailer) {
        this.mailer = mailer;
    }

    public List<EmailEvent> decide(SendEmail send, Email email) {
        if (email.sent() || send.to() == null) {
            return List.of(); // sent already; or its recipient is forgotten (decision 0087): nobody to write to
        }
        try {
            mailer.send(send.emailId(), send.to(), send.subject(), send.text());
            return List.of(new EmailSent(send.emailId(), send.userId(), send.to(), send.subject()));
        } catch (Exception e) {
            LOG.warn("Sending e-mail {} failed: {}", send.emailId(), e.toString());
            return List.of(new EmailFailed(send.emailId(), send.userId(), send.to(),
                    e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    public static Email evolve(Email email, EmailEvent event) {
        return switch (event) {
            case EmailSent sent -> new Email(true, email.failures());
            case EmailFailed failed -> new Email(email.sent(), email.failures() + 1);
        };
    }
}
