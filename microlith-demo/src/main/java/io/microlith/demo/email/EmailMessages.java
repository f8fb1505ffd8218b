package io.microlith.demo.email;

import io.microlith.privacy.DataSubject;
import io.microlith.privacy.PersonalData;

/**
 * The send-email component's messages (seed 003): a Send command answered by Sent or Failed. The recipient's address
 * and the text (which may name them) are {@link PersonalData} of the user the mail is for ({@link DataSubject}):
 * stored encrypted, read as {@code null} once the user is forgotten (decision 0087).
 */
public final class EmailMessages {
    private EmailMessages() {
    }

    /** Send one e-mail; {@code emailId} names it, so that sending it again is recognised. */
    public record SendEmail(String emailId, @DataSubject String userId, @PersonalData String to, String subject,
                            @PersonalData String text) {
    }

    /** The events of an e-mail's stream ({@code email-<emailId>}), also the outcome of a Send. */
    public sealed interface EmailEvent permits EmailSent, EmailFailed {
        String emailId();
    }

    public record EmailSent(String emailId, @DataSubject String userId, @PersonalData String to, String subject)
            implements EmailEvent {
    }

    /** Sending failed; {@code reason} is the mailer's, which may quote the address. */
    public record EmailFailed(String emailId, @DataSubject String userId, @PersonalData String to, @PersonalData String reason)
            implements EmailEvent {
    }
}
