package io.microlith.demo.email;

import io.microlith.message.MessageTypes;

/** The send-email component's messages (seed 003): a Send command answered by Sent or Failed. */
public final class EmailMessages {
    private EmailMessages() {
    }

    /** Send one e-mail; {@code emailId} names it, so that sending it again is recognised. */
    public record SendEmail(String emailId, String to, String subject, String text) {
    }

    public record EmailSent(String emailId, String to, String subject) {
    }

    public record EmailFailed(String emailId, String to, String reason) {
    }

    public static MessageTypes register(MessageTypes types) {
        return types.register(SendEmail.class).register(EmailSent.class).register(EmailFailed.class);
    }
}
