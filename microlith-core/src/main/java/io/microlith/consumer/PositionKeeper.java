package io.microlith.consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a consumer's position: the global position of the last message processed, saved to its
 * {@link PositionStore} every {@code interval} messages, on an idle tick and on stop, and loaded on start.
 * A failed save is logged and tried again at the next occasion.
 */
final class PositionKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(Consumer.class);

    private final String consumer;
    private final PositionStore store;
    private final int interval;
    private final LastError lastError;
    private volatile long position;
    /** Touched by the consumer's thread only (and by start, before it runs). */
    private long saved;
    private int sinceSave;

    PositionKeeper(String consumer, PositionStore store, int interval, LastError lastError) {
        this.consumer = consumer;
        this.store = store;
        this.interval = interval;
        this.lastError = lastError;
    }

    /** Reads the saved position: where the consumer resumes. */
    void load() {
        position = store.load();
        saved = position;
    }

    /** The global position of the last message processed; 0 before the first. */
    long position() {
        return position;
    }

    /** {@code messages} more were processed, up to {@code globalPosition}: saves when the interval is full. */
    void advanceTo(long globalPosition, int messages) {
        position = globalPosition;
        sinceSave += messages;
        if (sinceSave >= interval) {
            save();
        }
    }

    /** Processed up to {@code globalPosition}, and saved with it (in the handlers' transaction). */
    void savedAt(long globalPosition) {
        position = globalPosition;
        saved = globalPosition;
    }

    /** Whether the position moved since it was last saved. */
    boolean unsaved() {
        return position != saved;
    }

    /** Saves the position unless it is saved already. */
    void save() {
        if (!unsaved()) {
            return;
        }
        try {
            store.save(position);
            saved = position;
            sinceSave = 0;
        } catch (RuntimeException e) {
            lastError.record(e);
            LOG.warn("Consumer {} could not save its position {}; will try again", consumer, position, e);
        }
    }
}
