package io.microlith.internal.runtime;

import java.util.List;
import java.util.Locale;

/**
 * Tells the JVM's own exhaustion or breakage, after which no code can safely go on, from a failure of the
 * code that was running, which its caller can record and survive (decision 0050). Not API.
 *
 * <p>Fatal:
 * <ul>
 *   <li>an {@link OutOfMemoryError} that says a resource ran out: the heap ({@code Java heap space},
 *       {@code GC overhead limit exceeded}), {@code Metaspace}, {@code Compressed class space}, direct buffer or
 *       native memory, native threads; or that says nothing (no message);</li>
 *   <li>{@link InternalError} and {@link UnknownError}: the JVM reports itself broken.</li>
 * </ul>
 * Not fatal, so retried and parked like any exception: every other {@link Error}, among them
 * {@link StackOverflowError} (the stack unwinds with the call that overflowed it), an {@link OutOfMemoryError}
 * that refuses one impossible request before allocating anything ({@code Requested array size exceeds VM
 * limit}, {@code Required length exceeds implementation limit}, {@code too large to fit in a String}, as
 * {@code BigDecimal.toPlainString()} throws for {@code 1e-2147483647}), {@link AssertionError},
 * {@link LinkageError}s such as {@link NoClassDefFoundError}.
 *
 * <p>Why the resources are named rather than the refusals: a refusal the list does not know (a new JDK's
 * wording) then parks one message, while an exhaustion the list did not know would only park messages until
 * the heap recovers; naming the refusals instead would let an unknown one stop a consumer for good.
 */
public final class FatalErrors {
    /** Lower-case parts of the messages by which HotSpot and the JDK report an exhausted resource. */
    private static final List<String> EXHAUSTED = List.of(
            "java heap space", "gc overhead limit exceeded", "metaspace", "compressed class space",
            "direct buffer memory", "native thread", "unable to allocate", "failed to allocate", "map failed",
            "swap space");

    private FatalErrors() {
    }

    /** Whether {@code failure} means that the JVM cannot safely go on running code (see the class comment). */
    public static boolean isFatal(Throwable failure) {
        return switch (failure) {
            case OutOfMemoryError outOfMemory -> exhausted(outOfMemory.getMessage());
            case InternalError broken -> true;
            case UnknownError broken -> true;
            default -> false;
        };
    }

    /**
     * Throws {@code failure} when it {@link #isFatal is fatal}, else returns it, so that a caller can write
     * {@code catch (Throwable t) { record(FatalErrors.rethrowIfFatal(t)); }}.
     */
    public static Throwable rethrowIfFatal(Throwable failure) {
        if (isFatal(failure)) {
            throw (Error) failure;
        }
        return failure;
    }

    private static boolean exhausted(String message) {
        if (message == null || message.isBlank()) {
            return true;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (String resource : EXHAUSTED) {
            if (lower.contains(resource)) {
                return true;
            }
        }
        return false;
    }
}
