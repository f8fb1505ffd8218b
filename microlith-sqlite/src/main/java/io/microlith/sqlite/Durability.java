package io.microlith.sqlite;

/**
 * What an acknowledged write survives. In both modes the database file is written through SQLite's
 * write-ahead log (WAL); they differ in when the log is forced to the disk with {@code fsync}.
 */
public enum Durability {

    /**
     * The default ({@code PRAGMA synchronous = NORMAL}): a write is acknowledged once its transaction is
     * in the WAL file in the operating system's cache, without {@code fsync}.
     * <ul>
     *   <li>Survives the <b>process</b> crashing or being killed ({@code kill -9}, out of memory, JVM
     *       crash): the operating system still writes the file out.</li>
     *   <li>May lose the <b>last acknowledged transactions</b> (those since the WAL was last synced, at
     *       most the WAL since the previous checkpoint) on power loss or an operating-system crash. The
     *       file stays consistent: what is lost is a suffix of the log, never a message in the middle, so
     *       global positions stay gap-free and no stream gets a hole.</li>
     * </ul>
     */
    NORMAL("NORMAL"),

    /**
     * Strict ({@code PRAGMA synchronous = FULL}): every commit is forced to the disk with {@code fsync}
     * before any write of it is acknowledged. Survives power loss and operating-system crashes too, as
     * far as the disk honours {@code fsync}. Throughput is bounded by the disk's fsync rate times the
     * messages per group commit.
     */
    STRICT("FULL");

    private final String synchronous;

    Durability(String synchronous) {
        this.synchronous = synchronous;
    }

    /** The value of SQLite's {@code PRAGMA synchronous} for this mode. */
    String synchronousPragma() {
        return synchronous;
    }

    /** Parses {@code normal} or {@code strict}, ignoring case. */
    public static Durability parse(String text) {
        for (Durability durability : values()) {
            if (durability.name().equalsIgnoreCase(text)) {
                return durability;
            }
        }
        throw new IllegalArgumentException("Unknown SQLite durability '" + text + "'; use 'normal' or 'strict'");
    }
}
