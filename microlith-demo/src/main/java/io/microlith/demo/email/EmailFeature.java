package io.microlith.demo.email;

import io.microlith.Feature;
import io.microlith.Microlith;
import io.microlith.MicrolithConfig;
import io.microlith.component.Decider;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.email.EmailMessages.EmailEvent;
import io.microlith.demo.email.EmailMessages.SendEmail;
import io.microlith.demo.email.Emails.Email;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The send-email component (seed 003), run by the {@code email} role, and the welcome e-mail that follows each
 * registration (a reaction: one Send per {@code UserRegistered}, however often the event is delivered).
 */
public final class EmailFeature implements Feature {
    private final DemoSettings settings;
    private final Mailer mailer;

    public EmailFeature(DemoSettings settings, Mailer mailer) {
        this.settings = settings;
        this.mailer = mailer;
    }

    @Override
    public void configure(MicrolithConfig config) {
        config.route(SendEmail.class, "email:command", SendEmail::emailId)
                .route(EmailEvent.class, "email", EmailEvent::emailId);
    }

    @Override
    public void wire(Microlith microlith) {
        if (!settings.runs("email")) {
            return;
        }
        microlith.component(Decider.of(Email.NEW, new Emails(mailer)::decide, Emails::evolve))
                .commands(SendEmail.class, SendEmail::emailId)
                .entities(EmailEvent.class)
                .subscribe();
        microlith.react(UserRegistered.class, EmailFeature::welcome);
    }

    /**
     * The welcome e-mail of a new user; its id follows from the user's, so a user is welcomed once. None for a user
     * forgotten before the reaction saw the registration (its address reads null).
     */
    static SendEmail welcome(UserRegistered registered) {
        if (registered.email() == null) {
            return null;
        }
        String emailId = UUID.nameUUIDFromBytes(("welcome:" + registered.userId()).getBytes(StandardCharsets.UTF_8)).toString();
        return new SendEmail(emailId, registered.userId(), registered.email(), "Welcome to the Microlith demo",
                "Hello " + registered.email() + ",\n\nyour account (" + registered.role() + ") is ready.\n");
    }
}
