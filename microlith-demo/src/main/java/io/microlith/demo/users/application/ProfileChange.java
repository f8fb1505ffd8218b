package io.microlith.demo.users.application;

import io.microlith.demo.users.domain.ProfileMessages.ProfileEvent;

import java.time.Instant;

/**
 * One change in a profile's history.
 *
 * @param position       its position in the profile's stream (for {@code ?atPosition=})
 * @param globalPosition its position in the whole store
 * @param time           when it was written (for {@code ?asOf=})
 * @param type           the event's name, e.g. {@code DisplayNameChanged}
 * @param data           the event
 */
public record ProfileChange(long position, long globalPosition, Instant time, String type, ProfileEvent data) {
}
