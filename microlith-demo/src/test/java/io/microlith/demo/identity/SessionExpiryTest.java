package io.microlith.demo.identity;

import io.microlith.demo.identity.Logins.Session;
import io.microlith.demo.identity.Logins.Status;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SessionExpiryTest {
    static final Instant OPENED = Instant.parse("2026-12-04T10:00:00Z");
    static final Session OPEN = new Session(Status.OPEN, "u1", "ann@example.org", "customer", OPENED);

    static SessionExpiry at(Instant now) {
        return new SessionExpiry(Duration.ofMinutes(30), Duration.ofHours(12), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void keeps_a_session_that_is_used_within_its_idle_time_until_its_maximum_life() {
        Instant now = OPENED.plus(Duration.ofHours(11));
        assertThat(at(now).alive(OPEN, now.minus(Duration.ofMinutes(29)))).isTrue();
    }

    @Test
    void ends_a_session_left_idle_too_long() {
        Instant now = OPENED.plus(Duration.ofHours(1));
        assertThat(at(now).alive(OPEN, now.minus(Duration.ofMinutes(30)))).isFalse();
    }

    @Test
    void ends_a_busy_session_at_its_maximum_life() {
        Instant now = OPENED.plus(Duration.ofHours(12));
        assertThat(at(now).alive(OPEN, now)).isFalse();
    }

    @Test
    void ends_sessions_that_are_closed_or_whose_opening_is_unknown() {
        Instant now = OPENED.plus(Duration.ofMinutes(1));
        assertThat(at(now).alive(new Session(Status.CLOSED, null, null, null, OPENED), now)).isFalse();
        assertThat(at(now).alive(new Session(Status.OPEN, "u1", "a@b.org", "customer", null), now)).isFalse();
    }
}
