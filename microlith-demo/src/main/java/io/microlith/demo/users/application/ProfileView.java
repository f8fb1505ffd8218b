package io.microlith.demo.users.application;

import java.time.Instant;

/**
 * A user's profile as the user service answers it.
 *
 * @param version   the position in the profile's stream of the last event it reflects: {@code ?atPosition=<version>}
 *                  answers this same profile
 * @param createdAt when the profile was created; {@code updatedAt} when it last changed
 */
public record ProfileView(String userId, String email, String displayName, boolean active, long version,
                          Instant createdAt, Instant updatedAt) {
}
