package io.microlith.consumer;

import io.microlith.message.Message;

import java.util.List;

/** The default: every message of a batch in global order, one at a time, the position moving past each. */
record OneAtATime(RetryThenPark handling, PositionKeeper positions) implements BatchProcessing {

    @Override
    public void process(List<Message> batch) {
        for (Message message : batch) {
            handling.handleIfDue(message);
            positions.advanceTo(message.globalPosition(), 1);
        }
    }
}
