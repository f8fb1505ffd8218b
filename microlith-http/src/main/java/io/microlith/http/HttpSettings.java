package io.microlith.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the HTTP layer.
 *
 * @param maxRequestBytes the largest request body accepted; larger ones are answered 413
 * @param answerDeadline  how long a route waits for the outcome of a command or query before it
 *                        answers 504 (the request may still complete later)
 */
public record HttpSettings(long maxRequestBytes, Duration answerDeadline) {

    /** 64 KiB bodies, 5 s deadline. */
    public static HttpSettings defaults() {
        return new HttpSettings(64 * 1024, Duration.ofSeconds(5));
    }

    public HttpSettings {
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1, was " + maxRequestBytes);
        }
        Objects.requireNonNull(answerDeadline, "answerDeadline");
        if (answerDeadline.isNegative() || answerDeadline.isZero()) {
            throw new IllegalArgumentException("answerDeadline must be positive, was " + answerDeadline);
        }
    }

    public HttpSettings withMaxRequestBytes(long bytes) {
        return new HttpSettings(bytes, answerDeadline);
    }

    public HttpSettings withAnswerDeadline(Duration deadline) {
        return new HttpSettings(maxRequestBytes, deadline);
    }
}
