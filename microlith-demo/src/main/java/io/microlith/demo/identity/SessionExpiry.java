package io.microlith.demo.identity;

import io.microlith.demo.identity.Logins.Session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When an open session stops counting: after {@code idle} without a request, or {@code max} after it was opened,
 * whichever comes first. A session whose opening time is unknown (opened before sessions expired) counts as expired.
 *
 * @param idle  the longest time between two requests of a session
 * @param max   the longest life of a session, however busy
 * @param clock now
 */
record SessionExpiry(Duration idle, Duration max, Clock clock) {
    SessionExpiry {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(clock, "clock");
    }

    Instant now() {
        return clock.instant();
    }

    /** Whether {@code session}, last seen at {@code lastSeen}, may still be used now. */
    boolean alive(Session session, Instant lastSeen) {
        if (!session.open() || session.openedAt() == null) {
            return false;
        }
        Instant now = now();
        return now.isBefore(session.openedAt().plus(max)) && now.isBefore(lastSeen.plus(idle));
    }
}
