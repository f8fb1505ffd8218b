package io.microlith.consumer;

import io.microlith.internal.runtime.WakeUps;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;

import java.util.ArrayList;
import java.util.List;

/** The parts of a consumer wired as {@link Consumer} wires them, for tests of one part on its own. */
final class Parts {
    final MessageStore store = new InMemoryMessageStore();
    final ParkingLot parking = new ParkingLot(store, StreamName.of("account:parked-c"));
    final LastError lastError = new LastError();
    final WakeUps wakeUps = new WakeUps();
    final List<String> log;
    final PositionStore positionStore;
    final PositionKeeper positions;

    /** @param log where the position store and handlers record what they do */
    Parts(List<String> log, PositionStore positionStore) {
        this.log = log;
        this.positionStore = positionStore;
        this.positions = new PositionKeeper("c", positionStore, 100, lastError);
    }

    Parts() {
        this(new ArrayList<>(),
                PositionStore.inStream(new InMemoryMessageStore(), StreamName.of("account:position-c")));
    }

    /** A dispatcher whose only handler takes messages of type {@code type}. */
    static Dispatcher dispatcher(String type, MessageHandler<Message> handler) {
        Dispatcher.Builder handlers = new Dispatcher.Builder(new MessageTypes());
        handlers.handle(type, handler);
        return handlers.build();
    }

    /** What the parts report, as a consumer's listener would hear it. */
    ConsumerListener listener = new ConsumerListener() {
    };

    RetryThenPark handling(Dispatcher dispatcher, RetryPolicy retry, HoldBack holdBack) {
        ConsumerOptions options = ConsumerOptions.DEFAULTS.withRetry(retry).withHoldBack(holdBack);
        return new RetryThenPark("c", dispatcher, options, parking,
                positionStore instanceof TransactionalPositionStore t ? t : null, positions, wakeUps, lastError, listener);
    }

    /** Writes a message of {@code type} to {@code stream} and reads it back. */
    Message write(String stream, String type) {
        var written = store.write(StreamName.of(stream), NewMessage.of(type, "{}"));
        return store.readStream(written.streamName(), written.version(), 1).getFirst();
    }
}
