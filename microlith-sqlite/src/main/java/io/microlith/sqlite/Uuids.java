package io.microlith.sqlite;

import java.util.UUID;

/** UUIDs as the 16 big-endian bytes stored in the {@code id} column. */
final class Uuids {
    private Uuids() {
    }

    static byte[] toBytes(UUID id) {
        byte[] bytes = new byte[16];
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (msb >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return bytes;
    }

    static UUID fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != 16) {
            throw new IllegalStateException("A stored message id must be 16 bytes, was "
                    + (bytes == null ? "NULL" : bytes.length + " bytes"));
        }
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (bytes[i] & 0xFF);
            lsb = (lsb << 8) | (bytes[8 + i] & 0xFF);
        }
        return new UUID(msb, lsb);
    }
}
