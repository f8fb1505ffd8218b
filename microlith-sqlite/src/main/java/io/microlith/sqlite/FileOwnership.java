package io.microlith.sqlite;

import io.microlith.store.MessageStoreException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <file>.lock}, held while the store is open. The writer's caches (stream
 * versions, head position) are only right if it is the file's only writer; this lock makes a second
 * store on the same file fail at once with a clear message, in this process or another. It is a separate
 * file because SQLite's own POSIX locks on the database are released when any descriptor of the file in
 * the process closes, so Java must not lock the database file itself. The OS releases the lock when the
 * process dies, so a killed process never leaves the file locked; the lock file itself stays (harmless).
 */
final class FileOwnership implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private FileOwnership(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static FileOwnership acquire(Path database) {
        Path lockFile = database.resolveSibling(database.getFileName() + ".lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new MessageStoreException("Cannot create the lock file " + lockFile + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new MessageStoreException("The SQLite store " + database
                        + " is already open in another process (it holds " + lockFile + "); a store has one writer");
            }
            return new FileOwnership(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new MessageStoreException("The SQLite store " + database
                    + " is already open in this process; share that SqliteMessageStore instead of opening it twice", e);
        } catch (IOException | MessageStoreException e) {
            closeQuietly(channel);
            if (e instanceof MessageStoreException m) {
                throw m;
            }
            throw new MessageStoreException("Cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already failing with a clearer error.
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases it too.
        }
        closeQuietly(channel);
    }
}
