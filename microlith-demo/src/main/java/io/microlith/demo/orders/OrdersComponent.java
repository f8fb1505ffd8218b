package io.microlith.demo.orders;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.orders.OrderMessages.OrderNumbered;
import io.microlith.demo.orders.OrderMessages.OrderPlaced;
import io.microlith.demo.orders.OrderMessages.OrderRejected;
import io.microlith.demo.orders.OrderMessages.PlaceOrder;
import io.microlith.demo.orders.OrderMessages.ProductAdded;
import io.microlith.message.InvalidStreamNameException;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.MessageStore;
import io.microlith.store.StreamWrite;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The orders component (seed 004's "orders events manager"): executes {@link PlaceOrder} commands in
 * the order they were written, validates them against the catalog ({@link OrderRules}) and numbers the
 * valid ones 1, 2, 3...
 *
 * <p>The number comes from a sequence stream, {@code orderNumbers-sequence}: each placed order appends
 * {@link OrderNumbered} to it <em>in the same write</em> as {@link OrderPlaced}, with the sequence's
 * expected version, so a number is never given twice nor skipped, even by two processes. Every write to
 * the order stream expects it not to exist: a command delivered again finds it and has no effect
 * (at-least-once delivery), without a read before each write.
 */
public final class OrdersComponent {
    public static final StreamName SEQUENCE = StreamName.of("orderNumbers", "sequence");

    private final Microlith microlith;
    private final MessageStore store;
    /** Products never change once added, so a found product is kept. */
    private final Map<String, ProductAdded> products = new ConcurrentHashMap<>();
    private long sequenceVersion = Long.MIN_VALUE;

    public OrdersComponent(Microlith microlith) {
        this.microlith = microlith;
        this.store = microlith.store();
    }

    public void subscribe() {
        microlith.commandBus().subscribe(PlaceOrder.class, this::place);
    }

    void place(PlaceOrder command, Message message) {
        StreamName order = StreamName.of("order", command.orderId());
        OrderRules.Decision decision = OrderRules.decide(command.lines(), this::product);
        if (decision instanceof OrderRules.Reject reject) {
            try {
                microlith.eventBus().dispatch(order, Envelope.follows(message,
                        new OrderRejected(command.orderId(), command.userId(), command.lines(), reject.reason())),
                        ExpectedVersion.noStream());
            } catch (ExpectedVersionException handledBefore) {
                // The order stream exists: this command was handled already (at-least-once delivery).
            }
            return;
        }
        OrderRules.Accept accept = (OrderRules.Accept) decision;
        if (sequenceVersion == Long.MIN_VALUE) {
            sequenceVersion = store.streamVersion(SEQUENCE);
        }
        long number = sequenceVersion + 2;
        var placed = Envelope.follows(message, new OrderPlaced(command.orderId(), command.userId(), number,
                accept.lines(), accept.total()));
        var numbered = Envelope.follows(message, new OrderNumbered(command.orderId(), number));
        try {
            store.write(List.of(
                    new StreamWrite(order, List.of(placed.toNewMessage(microlith.types())), ExpectedVersion.noStream()),
                    new StreamWrite(SEQUENCE, List.of(numbered.toNewMessage(microlith.types())),
                            ExpectedVersion.exactly(sequenceVersion))));
            sequenceVersion++;
        } catch (ExpectedVersionException e) {
            sequenceVersion = Long.MIN_VALUE;
            if (e.streamName().equals(order)) {
                return; // the order stream exists: this command was handled already (at-least-once delivery)
            }
            // Another writer took the number: re-read the sequence, and let the consumer's retry run the
            // command again.
            throw e;
        }
    }

    private Optional<ProductAdded> product(String productId) {
        ProductAdded known = products.get(productId);
        if (known != null) {
            return Optional.of(known);
        }
        StreamName stream;
        try {
            stream = StreamName.of("product", productId);
        } catch (InvalidStreamNameException notAnId) {
            return Optional.empty();
        }
        Optional<ProductAdded> found = store.lastMessage(stream, "ProductAdded")
                .map(m -> microlith.types().decode(m, ProductAdded.class));
        found.ifPresent(p -> products.put(productId, p));
        return found;
    }
}
