package io.microlith.jdbc;

import java.time.Duration;

/**
 * How far a view rebuild has come.
 *
 * @param view     the view's name
 * @param position the global position reached
 * @param target   the store's head when the rebuild started; the rebuild is done once it has caught up
 * @param messages the messages of the category read so far
 * @param elapsed  time since the rebuild started
 * @param done     true in the last report
 */
public record RebuildProgress(String view, long position, long target, long messages, Duration elapsed, boolean done) {

    /**
     * The part of the store's global positions covered, from 0 to 1 (an estimate: other categories share them, so the
     * category's last message may come before the target); 1 once done.
     */
    public double fraction() {
        return done || target == 0 ? 1.0 : Math.min(1.0, (double) position / target);
    }
}
