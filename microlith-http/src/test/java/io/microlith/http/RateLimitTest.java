package io.microlith.http;

import io.javalin.Javalin;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest {
    /** A clock the test moves by hand. */
    static final class TestClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    final TestClock clock = new TestClock();

    RateLimit limit(int burst, Duration refill) {
        return RateLimit.builder().burst(burst).refillEvery(refill).clock(clock).describedAs("login attempts").build();
    }

    static int allowed(RateLimit limit, String key, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (limit.tryAcquire(key).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    @Nested
    class A_key {
        @Test
        void may_make_its_burst_of_attempts_then_is_told_when_to_come_back() {
            RateLimit limit = limit(5, Duration.ofSeconds(12));

            assertThat(allowed(limit, "ann@example.org", 5)).isEqualTo(5);
            RateLimit.Decision refused = limit.tryAcquire("ann@example.org");

            assertThat(refused.allowed()).isFalse();
            assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(12));
            assertThat(limit.refusedCount()).isEqualTo(1);
        }

        @Test
        void gets_one_attempt_back_per_refill_interval() {
            RateLimit limit = limit(5, Duration.ofSeconds(12));
            allowed(limit, "ann@example.org", 5);

            clock.advance(Duration.ofSeconds(6));
            assertThat(limit.tryAcquire("ann@example.org").retryAfter()).isEqualTo(Duration.ofSeconds(6));
            clock.advance(Duration.ofSeconds(6));
            assertThat(allowed(limit, "ann@example.org", 3)).isEqualTo(1);
            clock.advance(Duration.ofMinutes(10));
            assertThat(allowed(limit, "ann@example.org", 10)).as("refilled up to the burst, not beyond").isEqualTo(5);
        }

        @Test
        void is_delayed_not_locked_out_however_many_attempts_were_refused() {
            RateLimit limit = limit(5, Duration.ofSeconds(12));
            allowed(limit, "ann@example.org", 5);
            for (int second = 0; second < 12; second++) {
                assertThat(allowed(limit, "ann@example.org", 100)).isZero();
                clock.advance(Duration.ofSeconds(1));
            }

            assertThat(limit.tryAcquire("ann@example.org").allowed()).as("the owner, after the delay").isTrue();
        }

        @Test
        void does_not_spend_the_budget_of_another_key() {
            RateLimit limit = limit(2, Duration.ofSeconds(12));
            allowed(limit, "eve", 10);

            assertThat(allowed(limit, "ann", 2)).isEqualTo(2);
        }
    }

    @Nested
    class Several_keys_at_once {
        @Test
        void are_allowed_only_when_each_has_an_attempt_left() {
            RateLimit limit = limit(2, Duration.ofSeconds(12));
            allowed(limit, "client 203.0.113.9", 2);

            assertThat(limit.tryAcquire("ann@example.org", "client 203.0.113.9").allowed()).isFalse();
        }

        @Test
        void a_refusal_by_one_costs_the_others_nothing() {
            RateLimit limit = limit(2, Duration.ofSeconds(12));
            allowed(limit, "client 203.0.113.9", 2);
            for (int i = 0; i < 10; i++) {
                limit.tryAcquire("ann@example.org", "client 203.0.113.9");
            }

            assertThat(allowed(limit, "ann@example.org", 5)).isEqualTo(2);
        }
    }

    @Test
    void concurrent_attempts_never_get_more_than_the_budget() throws Exception {
        RateLimit limit = limit(5, Duration.ofHours(1));
        AtomicInteger allowed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int attempt = 0; attempt < 10; attempt++) {
                    if (limit.tryAcquire("ann@example.org").allowed()) {
                        allowed.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(allowed.get()).isEqualTo(5);
    }

    @Nested
    class Memory {
        @Test
        void stays_bounded_under_a_flood_of_keys() {
            RateLimit limit = RateLimit.builder().burst(5).refillEvery(Duration.ofMinutes(1)).maxKeys(1_000).clock(clock).build();

            for (int i = 0; i < 100_000; i++) {
                limit.tryAcquire("attacker-" + i);
            }

            assertThat(limit.trackedKeys()).isLessThanOrEqualTo(1_001);
        }

        @Test
        void forgets_the_key_under_attack_last() {
            RateLimit limit = RateLimit.builder().burst(5).refillEvery(Duration.ofMinutes(1)).maxKeys(1_000).clock(clock).build();
            allowed(limit, "victim@example.org", 5);

            for (int i = 0; i < 10_000; i++) {
                clock.advance(Duration.ofMillis(1));
                limit.tryAcquire("flood-" + i);
            }

            assertThat(limit.tryAcquire("victim@example.org").allowed()).as("still spent").isFalse();
        }

        @Test
        void forgets_refilled_keys_first() {
            RateLimit limit = RateLimit.builder().burst(1).refillEvery(Duration.ofSeconds(1)).maxKeys(10).clock(clock).build();
            for (int i = 0; i < 10; i++) {
                limit.tryAcquire("old-" + i);
            }
            clock.advance(Duration.ofSeconds(5));
            limit.tryAcquire("new");

            assertThat(limit.trackedKeys()).isEqualTo(1);
        }

        @Test
        void keeps_long_keys_as_their_hash() {
            assertThat(RateLimit.tracked("x".repeat(10_000))).hasSize(71).startsWith("sha256:");
            assertThat(RateLimit.tracked("ann@example.org")).isEqualTo("ann@example.org");
        }
    }

    @Test
    void answers_429_with_retry_after_in_the_json_shape() {
        RateLimit limit = limit(1, Duration.ofMillis(2500));
        Javalin app = MicrolithHttp.create(config -> {
        });
        app.post("/login", ctx -> {
            limit.acquire("ann@example.org");
            ctx.result("welcome");
        });
        try (HttpTestServer server = HttpTestServer.start(app)) {
            assertThat(server.client().post("/login").status()).isEqualTo(200);
            TestResponse refused = server.client().post("/login");

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isEqualTo("3");
            assertThat(refused.json().path("error").asText()).isEqualTo("too_many_requests");
            assertThat(refused.json().path("message").asText()).isEqualTo("Too many login attempts; try again in 3 seconds");

            clock.advance(Duration.ofMillis(2500));
            assertThat(server.client().post("/login").status()).isEqualTo(200);
        }
    }
}
