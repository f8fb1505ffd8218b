package io.microlith.sqlite;

import io.microlith.store.MessageStoreException;

import java.nio.file.Path;

/**
 * The file cannot be opened as a Microlith store: it was written by a newer Microlith (schema version
 * above {@link #supportedVersion()}), or it is some other SQLite database. The file is left untouched.
 */
public final class IncompatibleStoreFileException extends MessageStoreException {
    private final Path path;
    private final int foundVersion;
    private final int supportedVersion;

    IncompatibleStoreFileException(Path path, int foundVersion, int supportedVersion, String reason) {
        super("Cannot open " + path + " as a Microlith SQLite store: " + reason);
        this.path = path;
        this.foundVersion = foundVersion;
        this.supportedVersion = supportedVersion;
    }

    public Path path() {
        return path;
    }

    /** The schema version found in the file ({@code PRAGMA user_version}), 0 when it has none. */
    public int foundVersion() {
        return foundVersion;
    }

    /** The newest schema version this build understands. */
    public int supportedVersion() {
        return supportedVersion;
    }
}
