package io.microlith.internal.runtime;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Message and correlation ids: UUID version 7 (RFC 9562), a 48-bit millisecond timestamp then 74 random
 * bits. Not API.
 *
 * <p>Why not {@link UUID#randomUUID()}: it draws from one shared {@code SecureRandom}, a lock and a system
 * call per id, several per round trip, which showed in the bus benchmark's profile. Ids need to be unique,
 * not unpredictable; two ids collide only if made in the same millisecond with the same 74 random bits.
 * Time-ordered ids also keep database indexes on message ids append-mostly.
 */
public final class Ids {
    private Ids() {
    }

    public static UUID next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
