package io.microlith.demo.web;

import io.microlith.http.RateLimit;

import java.time.Duration;

/**
 * The budget of the demo's routes that store something for a client or user without a component to refuse it
 * (registrations, viewings, video and profile changes): 30 at once, then one a second. Generous for a person at a
 * browser; a script gets 429 with {@code Retry-After} instead of filling the store.
 */
public final class WriteLimits {
    private WriteLimits() {
    }

    /** A limit of 30 at once, then one a second per key; {@code what} names it in the 429 ("registrations from this address"). */
    public static RateLimit thirtyThenOneASecond(String what) {
        return RateLimit.builder().burst(30).refillEvery(Duration.ofSeconds(1)).describedAs(what).build();
    }
}
