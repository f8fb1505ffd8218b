package io.microlith.store;

/**
 * Optimistic concurrency for a write: what the writer believes the stream's version to be.
 * A stream's version is the position of its last message, {@code -1} when it has none.
 */
public sealed interface ExpectedVersion {

    /** No check: the write appends whatever the stream's version. */
    static ExpectedVersion any() {
        return Any.INSTANCE;
    }

    /** The stream must have no messages (version {@code -1}). */
    static ExpectedVersion noStream() {
        return Exactly.NO_STREAM;
    }

    /** The stream's last position must be {@code version}; {@code -1} means {@link #noStream()}. */
    static ExpectedVersion exactly(long version) {
        if (version < -1) {
            throw new IllegalArgumentException(
                    "Expected version must be -1 (no stream) or a position >= 0, was " + version);
        }
        return version == -1 ? Exactly.NO_STREAM : new Exactly(version);
    }

    /** message-db's form: {@code null} for any, else the version. */
    static ExpectedVersion ofNullable(Long version) {
        return version == null ? any() : exactly(version);
    }

    /** Whether a stream at {@code actualVersion} satisfies this expectation. */
    boolean matches(long actualVersion);

    /** message-db's form: {@code null} for any, else the version. */
    Long asNullableLong();

    /** Accepts any version. */
    enum Any implements ExpectedVersion {
        INSTANCE;

        @Override
        public boolean matches(long actualVersion) {
            return true;
        }

        @Override
        public Long asNullableLong() {
            return null;
        }

        @Override
        public String toString() {
            return "any";
        }
    }

    /** Accepts exactly one version; {@code -1} is "no stream". */
    record Exactly(long version) implements ExpectedVersion {
        static final Exactly NO_STREAM = new Exactly(-1);

        public Exactly {
            if (version < -1) {
                throw new IllegalArgumentException(
                        "Expected version must be -1 (no stream) or a position >= 0, was " + version);
            }
        }

        @Override
        public boolean matches(long actualVersion) {
            return actualVersion == version;
        }

        @Override
        public Long asNullableLong() {
            return version;
        }

        @Override
        public String toString() {
            return version == -1 ? "no stream (-1)" : Long.toString(version);
        }
    }
}
