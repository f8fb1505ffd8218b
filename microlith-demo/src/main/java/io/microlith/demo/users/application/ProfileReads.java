package io.microlith.demo.users.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The user service's port for reads: the current profile, the profile at an earlier point, and its history. */
public interface ProfileReads {

    /** The profile as it is now, with every change written so far; empty when the user has none. */
    Optional<ProfileView> current(String userId);

    /** The profile with the changes written at or before {@code time}; empty when it did not exist yet. */
    Optional<ProfileView> asOf(String userId, Instant time);

    /** The profile after the event at {@code position} of its stream; empty when it did not exist yet. */
    Optional<ProfileView> atPosition(String userId, long position);

    /** The profile's changes, oldest first (refused changes are not changes); empty when it has none. */
    List<ProfileChange> history(String userId);
}
