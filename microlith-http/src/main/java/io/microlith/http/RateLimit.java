package io.microlith.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A budget of attempts per key (an e-mail address, a client address, both joined), that <em>delays</em> and never
 * locks out: a token bucket. Each key may make {@code burst} attempts at once, then one more every
 * {@code refillEvery}; an attempt over the budget is answered 429 with {@code Retry-After} (the time until the
 * next attempt is allowed) and costs nothing, so that refused attempts do not push the next allowed one further
 * out. Nothing is ever locked: whoever comes after the delay gets in.
 *
 * <pre>{@code
 * RateLimit logins = RateLimit.builder().burst(5).refillEvery(Duration.ofSeconds(12))
 *         .describedAs("login attempts").build();
 * app.post("/auth/login", ctx -> {
 *     LoginBody body = JsonBody.read(ctx, LoginBody.class);
 *     logins.acquire(ClientConnection.address(ctx), body.email() + " from " + ClientConnection.address(ctx));
 *     ...
 * });
 * }</pre>
 *
 * <p><b>Memory.</b> At most {@code maxKeys} keys are tracked (100,000 by default, about 10 MB). When more arrive,
 * keys whose bucket has refilled are dropped first (losing them loses nothing); if that is not enough, those with
 * the most attempts left, down to nine tenths of the maximum. Keys longer than {@value #MAX_KEY_LENGTH} characters
 * are kept as their SHA-256. An attacker sending many keys therefore cannot fill the heap, and a key he keeps
 * spending (the address he attacks) is the last one forgotten.
 *
 * <p><b>Which keys.</b> A budget per target (an e-mail address) alone lets anyone who keeps spending it delay the
 * owner's own attempts; a budget per client address, plus one per (target, client address), limits guessing while
 * the owner, coming from another address, is never delayed by someone else (see the module's README).
 *
 * <p>Thread-safe. Times come from the {@link Builder#clock clock}, so tests need no sleeping.
 */
public final class RateLimit {
    /** Keys longer than this are tracked by their hash. */
    public static final int MAX_KEY_LENGTH = 128;

    private final int burst;
    private final long refillNanos;
    private final int maxKeys;
    private final InstantSource clock;
    private final String what;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicLong refused = new AtomicLong();

    private RateLimit(Builder builder) {
        this.burst = builder.burst;
        this.refillNanos = builder.refillEvery.toNanos();
        this.maxKeys = builder.maxKeys;
        this.clock = builder.clock;
        this.what = builder.what;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One attempt for each of {@code keys}, taken only if every one of them has one left: a refusal by one key gives
     * back what the others gave. Each key's bucket changes atomically, so concurrent attempts never get more than
     * the budget.
     *
     * @return allowed, or refused with the time until the refusing key has an attempt again
     */
    public Decision tryAcquire(String... keys) {
        long now = nanos();
        for (int i = 0; i < keys.length; i++) {
            long wait = take(tracked(keys[i]), now);
            if (wait > 0) {
                for (int j = 0; j < i; j++) {
                    buckets.computeIfPresent(tracked(keys[j]), (k, bucket) -> bucket.giveBack(burst));
                }
                refused.incrementAndGet();
                return Decision.refused(Duration.ofNanos(wait));
            }
        }
        sweepIfFull(now);
        return Decision.ALLOWED;
    }

    /** Takes a token of {@code key} if it has one: 0, else the nanoseconds until it has one (nothing taken). */
    private long take(String key, long now) {
        long[] wait = new long[1];
        buckets.compute(key, (k, bucket) -> {
            Bucket current = bucket == null ? Bucket.full(burst, now) : bucket;
            wait[0] = current.waitFor(now, burst, refillNanos);
            return wait[0] > 0 ? current : current.take(now, burst, refillNanos);
        });
        return wait[0];
    }

    /**
     * {@link #tryAcquire}, answering a refusal.
     *
     * @throws HttpProblem 429 with {@code Retry-After} when a key is over its budget
     */
    public void acquire(String... keys) {
        Decision decision = tryAcquire(keys);
        if (!decision.allowed()) {
            long seconds = HttpProblem.seconds(decision.retryAfter());
            throw HttpProblem.tooManyRequests("Too many " + what + "; try again in " + seconds
                    + (seconds == 1 ? " second" : " seconds"), decision.retryAfter());
        }
    }

    /** How many attempts were refused since this limit was made: for metrics. */
    public long refusedCount() {
        return refused.get();
    }

    /** How many keys are tracked now. */
    public int trackedKeys() {
        return buckets.size();
    }

    private long nanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private void sweepIfFull(long now) {
        if (buckets.size() <= maxKeys || !sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            buckets.values().removeIf(bucket -> bucket.tokensAt(now, burst, refillNanos) >= burst);
            int target = maxKeys - maxKeys / 10;
            if (buckets.size() > target) {
                // forget first what is closest to a full bucket (forgetting a full one loses nothing), so that a key
                // being spent, such as the address under attack, is forgotten last
                List<Map.Entry<String, Bucket>> byTokens = new ArrayList<>(buckets.entrySet());
                byTokens.sort(Comparator.comparingDouble((Map.Entry<String, Bucket> entry) ->
                                -entry.getValue().tokensAt(now, burst, refillNanos))
                        .thenComparingLong(entry -> entry.getValue().updated()));
                for (int i = 0; i < byTokens.size() - target; i++) {
                    buckets.remove(byTokens.get(i).getKey(), byTokens.get(i).getValue());
                }
            }
        } finally {
            sweeping.set(false);
        }
    }

    static String tracked(String key) {
        Objects.requireNonNull(key, "key");
        if (key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /**
     * The outcome of {@link #tryAcquire}.
     *
     * @param allowed    whether the attempt may go on
     * @param retryAfter when refused, how long until the next attempt is allowed; zero when allowed
     */
    public record Decision(boolean allowed, Duration retryAfter) {
        static final Decision ALLOWED = new Decision(true, Duration.ZERO);

        static Decision refused(Duration retryAfter) {
            return new Decision(false, retryAfter);
        }
    }

    /** A key's tokens as of {@code updated} (nanoseconds of the clock); immutable, replaced on each attempt. */
    private record Bucket(double tokens, long updated) {
        static Bucket full(int burst, long now) {
            return new Bucket(burst, now);
        }

        double tokensAt(long now, int burst, long refillNanos) {
            return Math.min(burst, tokens + (double) Math.max(0, now - updated) / refillNanos);
        }

        /** Nanoseconds until one token is there, 0 when there is one now. */
        long waitFor(long now, int burst, long refillNanos) {
            double missing = 1 - tokensAt(now, burst, refillNanos);
            return missing <= 0 ? 0 : Math.max(1, (long) Math.ceil(missing * refillNanos));
        }

        Bucket take(long now, int burst, long refillNanos) {
            return new Bucket(Math.max(0, tokensAt(now, burst, refillNanos) - 1), now);
        }

        Bucket giveBack(int burst) {
            return new Bucket(Math.min(burst, tokens + 1), updated);
        }
    }

    /** Configures a {@link RateLimit}: 5 attempts at once, one more every 12 seconds, 100,000 keys, the system clock. */
    public static final class Builder {
        private int burst = 5;
        private Duration refillEvery = Duration.ofSeconds(12);
        private int maxKeys = 100_000;
        private InstantSource clock = InstantSource.system();
        private String what = "requests";

        private Builder() {
        }

        /** How many attempts a key may make at once (the bucket's size); at least 1. */
        public Builder burst(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("burst must be at least 1, was " + attempts);
            }
            this.burst = attempts;
            return this;
        }

        /** How long until a key has one more attempt; positive. */
        public Builder refillEvery(Duration every) {
            Objects.requireNonNull(every, "every");
            if (every.isZero() || every.isNegative()) {
                throw new IllegalArgumentException("refillEvery must be positive, was " + every);
            }
            this.refillEvery = every;
            return this;
        }

        /** The most keys tracked at once; at least 10. */
        public Builder maxKeys(int keys) {
            if (keys < 10) {
                throw new IllegalArgumentException("maxKeys must be at least 10, was " + keys);
            }
            this.maxKeys = keys;
            return this;
        }

        /** The clock (tests pass one they move by hand). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** What is counted, for the 429's message: {@code "Too many login attempts; try again in 12 seconds"}. */
        public Builder describedAs(String what) {
            this.what = Objects.requireNonNull(what, "what");
            return this;
        }

        public RateLimit build() {
            return new RateLimit(this);
        }
    }
}
