package io.microlith.demo.orders;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.orders.OrderMessages.AddProduct;
import io.microlith.demo.orders.OrderMessages.ProductAdded;
import io.microlith.demo.orders.OrderMessages.ProductRejected;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.store.ExpectedVersion;

import java.util.List;

/** The catalog component: the only writer of {@code product} streams; a name is taken once. */
public final class CatalogComponent {
    private final Microlith microlith;

    public CatalogComponent(Microlith microlith) {
        this.microlith = microlith;
    }

    public void subscribe() {
        microlith.commandBus().subscribe(AddProduct.class, this::add);
    }

    void add(AddProduct command, Message message) {
        StreamName stream = StreamName.of("product", command.productId());
        List<Message> history = microlith.store().readStream(stream, 0);
        boolean handled = history.stream().anyMatch(m -> m.metadata().causation() != null
                && m.metadata().causation().messageId().equals(message.id()));
        if (handled) {
            return;
        }
        boolean exists = history.stream().anyMatch(m -> m.type().equals("ProductAdded"));
        ExpectedVersion expected = ExpectedVersion.exactly(history.isEmpty() ? -1 : history.getLast().position());
        Record outcome = exists
                ? new ProductRejected(command.productId(), command.name(), "a product named '" + command.name() + "' exists already")
                : new ProductAdded(command.productId(), command.name(), command.price());
        microlith.eventBus().dispatch(stream, Envelope.follows(message, outcome), expected);
    }
}
