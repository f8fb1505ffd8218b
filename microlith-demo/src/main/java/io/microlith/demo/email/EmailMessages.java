package io.microlith.demo.email;

/** The send-email component's messages (seed 003): a Send command answered by Sent or Failed. */
public final class EmailMessages {
    private EmailMessages() {
    }

    /** Send one e-mail; {@code emailId} names it, so that sending it again is recognised. */
    public record SendEmail(String emailId, String to, String subject, String text) {
    }

    /** The events of an e-mail's stream ({@code email-<emailId>}), also the outcome of a Send. */
    public sealed interface EmailEvent permits EmailSent, EmailFailed {
        String emailId();
    }

    public record EmailSent(String emailId, String to, String subject) implements EmailEvent {
    }

    public record EmailFailed(String emailId, String to, String reason) implements EmailEvent {
    }
}
