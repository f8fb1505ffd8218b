package io.microlith.consumer;

/**
 * The last failure a consumer met (a handler's, or the store's while reading, parking or saving), for
 * {@link ConsumerStatus#lastError()}. Written by the consumer's thread, its lanes and replays.
 */
final class LastError {
    private volatile String description;

    void record(Throwable failure) {
        description = ParkingLot.describe(failure);
    }

    /** The class and message of the last failure, or {@code null} when none happened. */
    String description() {
        return description;
    }
}
