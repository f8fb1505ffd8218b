package io.microlith.internal.runtime;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that runs the slow fallback polls of every consumer and follower. Not API.
 *
 * <p>Why: an idle virtual thread that parks with a timeout registers (and, when woken early, cancels) a
 * timer each time it goes idle, which on a busy bus is once per message. Parking without a timeout and
 * being ticked from here costs nothing per message.
 */
public final class Ticker {
    private static final ScheduledThreadPoolExecutor TIMER;

    static {
        TIMER = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("microlith-ticker").factory());
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private Ticker() {
    }

    /** Runs {@code tick} every {@code interval} until the returned handle is cancelled. Ticks must be quick. */
    public static ScheduledFuture<?> every(Duration interval, Runnable tick) {
        long nanos = interval.toNanos();
        return TIMER.scheduleAtFixedRate(tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }
}
