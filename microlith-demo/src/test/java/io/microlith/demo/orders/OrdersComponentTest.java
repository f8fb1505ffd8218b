package io.microlith.demo.orders;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.demo.orders.OrderMessages.AddProduct;
import io.microlith.demo.orders.OrderMessages.OrderLine;
import io.microlith.demo.orders.OrderMessages.OrderPlaced;
import io.microlith.demo.orders.OrderMessages.OrderRejected;
import io.microlith.demo.orders.OrderMessages.PlaceOrder;
import io.microlith.demo.orders.OrderMessages.ProductAdded;
import io.microlith.message.Message;
import io.microlith.message.MessageTypes;
import io.microlith.message.StreamName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog and orders components on the in-memory store, with commands delivered again as a redelivery would. */
class OrdersComponentTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    Microlith microlith;
    OrdersComponent orders;
    CatalogComponent catalog;

    @BeforeEach
    void start() {
        microlith = Microlith.create(config -> {
            config.types(OrderMessages.register(new MessageTypes()));
            OrderRoutes.routes(config);
        });
        orders = new OrdersComponent(microlith);
        catalog = new CatalogComponent(microlith);
        orders.subscribe();
        catalog.subscribe();
        microlith.start();
        var tea = Envelope.correlated(new AddProduct(OrderRules.productIdOf("Tea"), "Tea", new BigDecimal("2.50")));
        microlith.commandBus().dispatch(tea);
        microlith.eventBus().waitFor(tea.correlationId(), ProductAdded.class, WAIT);
    }

    @AfterEach
    void stop() {
        microlith.close();
    }

    private OrderPlaced place() {
        var command = Envelope.correlated(new PlaceOrder(UUID.randomUUID().toString(), "u1",
                List.of(new OrderLine(null, "Tea", new BigDecimal("2.5")))));
        microlith.commandBus().dispatch(command);
        return microlith.eventBus().waitFor(command.correlationId(), OrderPlaced.class, WAIT);
    }

    @Test
    void numbers_placed_orders_one_after_the_other_in_a_sequence_stream() {
        OrderPlaced first = place();
        OrderPlaced second = place();

        assertThat(second.number()).isEqualTo(first.number() + 1);
        assertThat(microlith.store().readStream(OrdersComponent.SEQUENCE, 0)).extracting(Message::type)
                .containsExactly("OrderNumbered", "OrderNumbered");
    }

    @Test
    void handles_a_command_delivered_twice_once() {
        OrderPlaced placed = place();
        StreamName commandStream = StreamName.of("order:command", placed.orderId());
        Message command = microlith.store().readStream(commandStream, 0).getFirst();

        orders.place(microlith.types().decode(command, PlaceOrder.class), command);

        assertThat(microlith.store().readStream(StreamName.of("order", placed.orderId()), 0)).hasSize(1);
        assertThat(microlith.store().streamVersion(OrdersComponent.SEQUENCE)).isEqualTo(placed.number() - 1);
    }

    @Test
    void rejects_an_invalid_order_once_even_when_delivered_twice() {
        var command = Envelope.correlated(new PlaceOrder(UUID.randomUUID().toString(), "u1", List.of()));
        microlith.commandBus().dispatch(command);
        OrderRejected rejected = microlith.eventBus().waitFor(command.correlationId(), OrderRejected.class, WAIT);
        Message stored = microlith.store().readStream(StreamName.of("order:command", rejected.orderId()), 0).getFirst();

        orders.place(command.body(), stored);

        assertThat(microlith.store().readStream(StreamName.of("order", rejected.orderId()), 0)).hasSize(1);
        assertThat(microlith.store().streamVersion(OrdersComponent.SEQUENCE)).isEqualTo(-1);
    }

    @Test
    void refuses_a_second_product_of_the_same_name_in_any_case() {
        var again = Envelope.correlated(new AddProduct(OrderRules.productIdOf("TEA"), "TEA", BigDecimal.ONE));
        microlith.commandBus().dispatch(again);
        assertThat(microlith.eventBus().waitFor(again.correlationId(), OrderMessages.ProductRejected.class, WAIT).reason())
                .contains("exists already");
    }
}
