package io.microlith.store;

import io.microlith.message.StreamName;

/**
 * An import ({@link MessageImporter}) that does not fit the store as it is: the store's head is at or above the
 * import's first global position, or a stream's version is not the position before its first imported message.
 * Nothing of the import was stored. The message says what was expected and what the store holds.
 */
public final class ImportConflictException extends MessageStoreException {

    public ImportConflictException(String message) {
        super(message);
    }

    /** The store's head is at or above the import's first global position. */
    public static ImportConflictException headAt(long head, long firstGlobalPosition) {
        return new ImportConflictException("An import must start above the store's head: its first global position is "
                + firstGlobalPosition + " but the store holds messages up to " + head);
    }

    /** A stream is not at the position before its first imported message. */
    public static ImportConflictException streamAt(StreamName stream, long version, long firstPosition) {
        return new ImportConflictException("Stream " + stream + " is at " + (version == -1 ? "-1 (no messages)" : version)
                + " but the import continues it at position " + firstPosition + " (expected the stream at "
                + (firstPosition - 1) + ")");
    }
}
