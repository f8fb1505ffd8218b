package io.microlith.consumer;

import io.microlith.internal.runtime.Threads;
import io.microlith.message.Message;
import io.microlith.message.StreamName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * With concurrency above 1: the streams of a batch side by side, at most {@code concurrency} at once, each
 * stream in order on a virtual thread of its own (a lane). Concurrent handlers let a store commit their
 * writes together (group commit) instead of one after the other. A batch of one stream is handled
 * {@link OneAtATime}.
 */
final class StreamLanes implements BatchProcessing {
    private final String consumer;
    private final int concurrency;
    private final RetryThenPark handling;
    private final PositionKeeper positions;
    private final OneAtATime oneAtATime;

    StreamLanes(String consumer, int concurrency, RetryThenPark handling, PositionKeeper positions,
                OneAtATime oneAtATime) {
        this.consumer = consumer;
        this.concurrency = concurrency;
        this.handling = handling;
        this.positions = positions;
        this.oneAtATime = oneAtATime;
    }

    @Override
    public void process(List<Message> batch) {
        if (batch.size() > 1) {
            Map<StreamName, List<Message>> lanes = new LinkedHashMap<>();
            for (Message message : batch) {
                lanes.computeIfAbsent(message.streamName(), k -> new ArrayList<>()).add(message);
            }
            if (lanes.size() > 1) {
                processInLanes(lanes.values());
                positions.advanceTo(batch.getLast().globalPosition(), batch.size());
                return;
            }
        }
        oneAtATime.process(batch);
    }

    /** Returns when every lane is done; rethrows the first lane's failure. */
    private void processInLanes(Collection<List<Message>> lanes) {
        Semaphore permits = new Semaphore(concurrency);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> running = new ArrayList<>(lanes.size());
        for (List<Message> lane : lanes) {
            permits.acquireUninterruptibly();
            running.add(Thread.ofVirtual().name("consumer-" + consumer + "-lane").start(() -> {
                try {
                    for (Message message : lane) {
                        if (failure.get() != null) {
                            return;
                        }
                        handling.handleIfDue(message);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    permits.release();
                }
            }));
        }
        Threads.joinUninterruptibly(running);
        // the position moves only past a batch whose lanes all finished: after a failure, the batch is read
        // again and its finished messages are handled again (at least once)
        switch (failure.get()) {
            case null -> {
            }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            case Throwable t -> throw new IllegalStateException(t);
        }
    }
}
