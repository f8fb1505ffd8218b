package io.microlith.demo.users.application;

import io.microlith.demo.users.domain.ProfileMessages.ClaimAddress;
import io.microlith.demo.users.domain.ProfileMessages.ProfileChangeOutcome;
import io.microlith.demo.users.domain.ProfileMessages.ProfileCommand;

/**
 * The user service's port for changes (seed 002: "any event store that implements the following interface"): sends a
 * command and answers its outcome. An adapter implements it over a message store and its components; a test may
 * implement it by hand.
 */
public interface ProfileCommands {

    /**
     * Sends {@code command} and returns the first outcome of its conversation.
     *
     * @throws RuntimeException of the adapter when no outcome arrives in time (the command may still be handled)
     */
    ProfileChangeOutcome send(ProfileCommand command);

    /** Sends {@code claim}; its outcome is the profile's {@code EmailChanged}, or a rejection. */
    ProfileChangeOutcome send(ClaimAddress claim);

    /**
     * Asks the identity service to forget {@code userId} (decision 0087) and waits for the answer: true when the user
     * is forgotten now, false when there is no such user (or it is forgotten already).
     *
     * @param requestedBy     who asks: the user, or an administrator
     * @param byAdministrator whether an administrator asks for another user
     * @throws RuntimeException of the adapter when no answer arrives in time (the forget may still happen)
     */
    boolean forget(String userId, String requestedBy, boolean byAdministrator);
}
