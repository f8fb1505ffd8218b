package io.microlith.demo.admin;

import io.microlith.privacy.DataSubject;
import io.microlith.privacy.PersonalData;

/**
 * The admin portal's events, in one stream per administrator ({@code admin-<userId>}): how they became one, and what
 * they did to parked messages and views — the audit trail. An action on a parked message is written as following that
 * message, so it also shows in the correlation chain of the request the message belongs to. An administrator's address is
 * {@link PersonalData} of the administrator: forgotten with them (decision 0087).
 */
public final class AdminMessages {
    private AdminMessages() {
    }

    /** Every event of an administrator's stream. */
    public sealed interface AdminEvent permits AdministratorConfirmed, ParkedMessageRetried, ParkedMessageSkipped,
            ViewRebuildStarted, UserForgottenByAdministrator {
        String userId();
    }

    /** A user named with {@code --admins} entered the process's administrator code: an administrator from now on. */
    public record AdministratorConfirmed(@DataSubject String userId, @PersonalData String email) implements AdminEvent {
    }

    /**
     * An administrator had a parked message handled again.
     *
     * @param succeeded whether it went through this time
     * @param error     the failure when it did not (it is parked again), else {@code null}
     */
    public record ParkedMessageRetried(@DataSubject String userId, @PersonalData String email, String category, String consumer, String messageId,
                                       boolean succeeded, String error) implements AdminEvent {
    }

    /** An administrator gave up on a parked message: it is not handled, what it held back is. */
    public record ParkedMessageSkipped(@DataSubject String userId, @PersonalData String email, String category, String consumer, String messageId)
            implements AdminEvent {
    }

    /** An administrator started rebuilding a view from the store. */
    public record ViewRebuildStarted(@DataSubject String userId, @PersonalData String email, String view) implements AdminEvent {
    }

    /** An administrator had another user forgotten ({@code DELETE /users/{id}}, decision 0087). */
    public record UserForgottenByAdministrator(@DataSubject String userId, @PersonalData String email, String forgottenUserId)
            implements AdminEvent {
    }
}
