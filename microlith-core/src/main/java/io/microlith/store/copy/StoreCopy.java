package io.microlith.store.copy;

import io.microlith.message.Message;
import io.microlith.store.MessageImporter;
import io.microlith.store.MessageStore;
import io.microlith.store.Reads;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Copies every message of one store into another, as it is (ids, stream and global positions, times, data and
 * metadata), through the target's {@link MessageImporter}: how an application moves from the embedded SQLite store to
 * PostgreSQL. The command line's {@code copy} runs it; a program can too (an in-memory store into a SQLite file):
 *
 * <pre>{@code
 * CopyResult result = StoreCopy.from(source).to(target).run();
 * if (!result.verified()) { ... }
 * }</pre>
 *
 * <ol>
 *   <li>It copies up to the source's head as it is when the copy starts ({@link CopyResult#until()}).</li>
 *   <li><b>Resumable</b>: each batch is imported in one transaction, so an interrupted copy leaves the target holding
 *       a prefix of the source. A copy into a non-empty target first checks, message by message, that the target is
 *       exactly the start of the source, then continues after the target's head. A target that is not refuses the
 *       copy ({@link StoreCopyException}) before anything is written. Running the copy again later brings over what
 *       the source received since.</li>
 *   <li><b>Verified</b>: at the end it reads the whole target back and compares its count and checksum
 *       ({@link MessageChecksum}) with the source's, computed while copying.</li>
 * </ol>
 * Nothing else must write to the target meanwhile (the import would refuse to go on: its head moved).
 */
public final class StoreCopy {
    /** Messages per read and per import transaction unless told otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    private final MessageStore source;
    private final MessageStore target;
    private final int batchSize;
    private final Consumer<CopyProgress> progress;

    private StoreCopy(MessageStore source, MessageStore target, int batchSize, Consumer<CopyProgress> progress) {
        this.source = source;
        this.target = target;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    /** The first step: the store to copy from. */
    public static Builder from(MessageStore source) {
        return new Builder(Objects.requireNonNull(source, "source"));
    }

    /** The store to copy from; {@link #to} names the target. */
    public static final class Builder {
        private final MessageStore source;

        private Builder(MessageStore source) {
            this.source = source;
        }

        public StoreCopy to(MessageStore target) {
            return new StoreCopy(source, Objects.requireNonNull(target, "target"), DEFAULT_BATCH_SIZE, p -> {
            });
        }
    }

    /** Messages per read and per import transaction, at least 1. */
    public StoreCopy batchSize(int batchSize) {
        return new StoreCopy(source, target, Reads.requireBatchSize(batchSize), progress);
    }

    /** Told after each batch of each phase, on the calling thread. */
    public StoreCopy onProgress(Consumer<CopyProgress> listener) {
        return new StoreCopy(source, target, batchSize, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Copies, resuming after what the target holds, then verifies.
     *
     * @throws StoreCopyException    the target takes no import, or it holds messages that are not the start of the
     *                               source (nothing was written)
     * @throws io.microlith.store.MessageStoreException a store failed: what was imported stays, run again to resume
     */
    public CopyResult run() {
        MessageImporter importer = MessageImporter.of(target).orElseThrow(() -> new StoreCopyException("The target "
                + target + " cannot take a copy: it does not store messages with the positions they have elsewhere"
                + " (it is no MessageImporter); copy into a SQLite or PostgreSQL store"));
        long until = source.headGlobalPosition();
        long resumedAfter = target.headGlobalPosition();
        MessageChecksum sourceSum = new MessageChecksum();
        if (resumedAfter > 0) {
            checkPrefix(resumedAfter, until, sourceSum);
        }
        long copied = 0;
        List<Message> batch = new ArrayList<>(batchSize);
        Iterator<Message> messages = new Cursor(source, resumedAfter + 1, until, batchSize);
        while (messages.hasNext()) {
            Message message = messages.next();
            sourceSum.add(message);
            batch.add(message);
            if (batch.size() == batchSize || !messages.hasNext()) {
                importer.importMessages(batch);
                copied += batch.size();
                progress.accept(new CopyProgress(CopyProgress.Phase.COPYING, copied, message.globalPosition(), until));
                batch.clear();
            }
        }
        MessageChecksum targetSum = new MessageChecksum();
        Iterator<Message> copy = new Cursor(target, 1, until, batchSize);
        while (copy.hasNext()) {
            Message message = copy.next();
            targetSum.add(message);
            if (targetSum.count() % batchSize == 0 || !copy.hasNext()) {
                progress.accept(new CopyProgress(CopyProgress.Phase.VERIFYING, targetSum.count(), message.globalPosition(), until));
            }
        }
        return new CopyResult(resumedAfter, copied, until, sourceSum.count(), targetSum.count(), sourceSum.value(),
                targetSum.value());
    }

    /** The target's messages up to {@code head} must be exactly the source's first ones. */
    private void checkPrefix(long head, long until, MessageChecksum sourceSum) {
        if (head > until) {
            throw new StoreCopyException("The target " + target + " is not empty and is not a copy of the source "
                    + source + ": it holds messages up to global position " + head + ", beyond the source's last ("
                    + until + "). Copy into an empty store, or into an earlier copy of this same source.");
        }
        Iterator<Message> targets = new Cursor(target, 1, head, batchSize);
        Iterator<Message> sources = new Cursor(source, 1, head, batchSize);
        long checked = 0;
        while (targets.hasNext()) {
            Message there = targets.next();
            Message here = sources.hasNext() ? sources.next() : null;
            if (here == null || !MessageChecksum.canonical(here).equals(MessageChecksum.canonical(there))) {
                throw new StoreCopyException("The target " + target + " is not empty and is not a copy of the source "
                        + source + ": at global position " + there.globalPosition() + " it holds " + describe(there)
                        + " but the source holds " + (here == null ? "nothing" : describe(here)) + (here != null
                        && here.id().equals(there.id()) ? " (same id, other content)" : "")
                        + ". Copy into an empty store, or into an earlier copy of this same source.");
            }
            sourceSum.add(here);
            if (++checked % batchSize == 0) {
                progress.accept(new CopyProgress(CopyProgress.Phase.CHECKING, checked, there.globalPosition(), until));
            }
        }
        if (sources.hasNext()) {
            Message missing = sources.next();
            throw new StoreCopyException("The target " + target + " is not empty and is not a copy of the source "
                    + source + ": it lacks " + describe(missing) + " at global position " + missing.globalPosition()
                    + ", below its head " + head + ". Copy into an empty store, or into an earlier copy of this same source.");
        }
    }

    private static String describe(Message message) {
        return message.type() + " " + message.id() + " (" + message.streamName() + " position " + message.position()
                + ", global position " + message.globalPosition() + ")";
    }

    /** The messages of a store from one global position up to another, read in batches. */
    private static final class Cursor implements Iterator<Message> {
        private final MessageStore store;
        private final long until;
        private final int batchSize;
        private List<Message> batch = List.of();
        private int index;
        private long next;
        private boolean exhausted;

        Cursor(MessageStore store, long from, long until, int batchSize) {
            this.store = store;
            this.next = from;
            this.until = until;
            this.batchSize = batchSize;
            this.exhausted = from > until;
        }

        @Override
        public boolean hasNext() {
            if (index < batch.size()) {
                return true;
            }
            if (exhausted) {
                return false;
            }
            batch = store.readAll(next, batchSize).stream().filter(m -> m.globalPosition() <= until).toList();
            index = 0;
            if (batch.isEmpty()) {
                exhausted = true;
                return false;
            }
            next = batch.getLast().globalPosition() + 1;
            exhausted = next > until;
            return true;
        }

        @Override
        public Message next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return batch.get(index++);
        }
    }
}
