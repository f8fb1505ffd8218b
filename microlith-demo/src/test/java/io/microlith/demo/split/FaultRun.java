package io.microlith.demo.split;

import com.fasterxml.jackson.databind.JsonNode;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.PostgresTestDatabase;
import io.microlith.demo.RecordingMailer;
import io.microlith.postgres.PostgresSettings;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fault exercise on the split deployment: orders and registrations pour in through the web process while
 * {@code faults} happen one after the other (with 20 more acknowledged orders before and after each), then every
 * acknowledged command (an order answered 202, a registration answered 201 or 504 — stored either way) must be carried
 * out once: every order placed with a number of its own, numbers without gaps, one {@code OrderPlaced} per order, one
 * welcome e-mail per address.
 */
final class FaultRun {
    static final Duration CATCH_UP = Duration.ofSeconds(90);

    /** A fault done to the running deployment: a process killed, a broker cut... */
    @FunctionalInterface
    interface Fault {
        void happen(SplitDeployment split) throws Exception;
    }

    private FaultRun() {
    }

    static void exercise(DemoSettings settings, List<Fault> faults) throws Exception {
        RecordingMailer outbox = new RecordingMailer();
        try (SplitDeployment split = SplitDeployment.start(settings, 1)) {
            outbox.readOutbox(split.outbox());
            HttpTestServer web = HttpTestServer.of(split.web(0).port(), () -> { });
            HttpTestClient seller = DemoTesting.loggedIn(web, "seller", "seller");
            JsonNode tea = DemoTesting.addProduct(seller, "Fault tea", "1.50");
            String order = "{\"products\":[{\"productId\":\"" + tea.path("id").asText() + "\",\"price\":1.50}]}";
            HttpTestClient customer = DemoTesting.loggedIn(web, "customer", "customer");

            Set<String> orders = ConcurrentHashMap.newKeySet();
            Set<String> registered = ConcurrentHashMap.newKeySet();
            AtomicBoolean pouring = new AtomicBoolean(true);
            // paused while a fault is being made (a broker or process restarting takes seconds): orders poured then
            // only pile up work to check, hundreds of them, without testing more
            AtomicBoolean faulting = new AtomicBoolean();
            List<Thread> registrations = new CopyOnWriteArrayList<>();
            Thread load = Thread.ofVirtual().start(() -> {
                for (int i = 0; pouring.get(); i++) {
                    if (faulting.get()) {
                        LockSupport.parkNanos(10_000_000);
                        continue;
                    }
                    TestResponse placed = customer.postJson("/order", order);
                    if (placed.status() == 202) {
                        orders.add(placed.header("Location"));
                    }
                    // a steady stream rather than as fast as the client can: what a fault piles up stays small enough
                    // to catch up with in seconds, which keeps the suite's time in bounds (the load is not the point)
                    LockSupport.parkNanos(10_000_000);
                    if (i % 10 == 0) {
                        // on threads of their own: while the broker is away a registration waits out the whole
                        // deadline (504), and waiting in line cost this test 40 s per fault
                        registrations.add(Thread.ofVirtual().start(() -> register(web, registered)));
                    }
                }
            });
            try {
                awaitMore(orders, 20);
                DemoTesting.orderWithStatus(customer, orders.iterator().next(), "placed");
                for (Fault fault : faults) {
                    faulting.set(true);
                    try {
                        fault.happen(split);
                    } finally {
                        faulting.set(false);
                    }
                    awaitMore(orders, 20);
                }
            } finally {
                pouring.set(false);
                load.join();
                for (Thread registration : registrations) {
                    registration.join();
                }
            }

            List<Long> numbers = new ArrayList<>();
            for (String location : orders) {
                JsonNode placed = Eventually.within(CATCH_UP).describedAs("order " + location + " placed after the faults")
                        .until(() -> customer.get(location), r -> r.status() == 200
                                && r.json().path("status").asText().equals("placed")).json();
                numbers.add(placed.path("number").asLong());
            }
            assertThat(numbers).as("order numbers: each once, no gaps").containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, orders.size()).boxed().toList());
            assertThat(orderStreamsPlacedMoreThanOnce(settings)).as("orders placed twice").isEmpty();
            assertThat(registered).isNotEmpty();
            for (String email : registered) {
                Eventually.within(CATCH_UP).describedAs("the welcome e-mail of " + email)
                        .until(() -> outbox.sentTo(email).size(), sent -> sent >= 1);
            }
            assertThat(outbox.sent().stream().collect(Collectors.groupingBy(RecordingMailer.Mail::to, Collectors.counting())))
                    .as("e-mails per address").allSatisfy((to, count) -> assertThat(count).as(to).isEqualTo(1L));
        }
    }

    /** Registers a new address; keeps it when the registration was accepted (201) or may still be (504). */
    private static void register(HttpTestServer web, Set<String> registered) {
        String email = DemoTesting.newEmail("during");
        TestResponse registration = web.client().postJson("/auth/register", "{\"email\":\"" + email
                + "\",\"password\":\"" + DemoTesting.PASSWORD + "\",\"role\":\"customer\"}");
        if (registration.status() == 201 || registration.status() == 504) {
            registered.add(email);
        }
    }

    /** Waits until {@code more} more orders were acknowledged than now. */
    private static void awaitMore(Set<String> orders, int more) {
        int target = orders.size() + more;
        Eventually.within(CATCH_UP).describedAs(target + " acknowledged orders").until(orders::size, n -> n >= target);
    }

    private static List<String> orderStreamsPlacedMoreThanOnce(DemoSettings settings) throws Exception {
        String database = PostgresSettings.parse(settings.storeSetting()).database();
        try (Connection connection = PostgresTestDatabase.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT stream_name FROM message_store.messages"
                     + " WHERE type = 'OrderPlaced' GROUP BY stream_name HAVING count(*) > 1")) {
            List<String> streams = new ArrayList<>();
            while (rows.next()) {
                streams.add(rows.getString(1));
            }
            return streams;
        }
    }
}
