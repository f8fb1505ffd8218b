package io.microlith.demo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.microlith.consumer.Consumer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The brokers of the demo's tests. RabbitMQ is the machine's (127.0.0.1:5672 guest/guest, or
 * {@code MICROLITH_RABBITMQ_URL}); each app gets an exchange of its own ({@code demo-test-<random>}), and
 * {@link #deleteRabbitQueues} removes the queues its consumers declared. With {@code -Dmicrolith.demo.transport=rabbitmq}
 * {@link DemoTesting#settings()} puts every app of the run on RabbitMQ.
 */
public final class TestBrokers {
    public static final String RABBIT = System.getenv().getOrDefault("MICROLITH_RABBITMQ_URL",
            "amqp://guest:guest@127.0.0.1:5672/");
    /** Which broker the apps of this run receive through: {@code rabbitmq}, {@code kafka}, or none (the store). */
    public static final String TRANSPORT = System.getProperty("microlith.demo.transport", "store");
    /** The consumers of the whole application (category, name): the same in every process that runs their roles. */
    private static List<String[]> consumers;

    private TestBrokers() {
    }

    /** A RabbitMQ transport setting on an exchange of its own; skips the test (fails with CI=true) when unreachable. */
    public static String rabbitTransport() {
        requireRabbit();
        String url = RABBIT.replaceFirst("^amqp://", "rabbitmq://").replaceFirst("/$", "");
        return url + "/%2F?exchange=demo-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Skips the calling test unless RabbitMQ answers; with {@code CI=true} it fails instead. */
    public static void requireRabbit() {
        try (Connection ignored = factory().newConnection()) {
            return;
        } catch (Exception e) {
            String message = "RabbitMQ at " + RABBIT + " is unreachable (" + e + "): the demo's broker tests cannot run";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message);
            }
            System.err.println("\n!!!!! SKIPPED: " + message + "\n");
            Assumptions.abort(message);
        }
    }

    /**
     * Deletes the lane queues and membership exchanges the demo's consumers declared on {@code transport}'s exchange,
     * and the exchange: the tests share the machine's broker, and durable queues would stay.
     */
    public static void deleteRabbitQueues(String transport) {
        String exchange = transport.substring(transport.indexOf("exchange=") + "exchange=".length());
        try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
            for (String[] consumer : consumers()) {
                String prefix = exchange + "." + consumer[0] + "." + consumer[1];
                for (int lane = 0; lane < 64; lane++) {
                    channel.queueDelete(prefix + ".lane-" + lane); // deleting a queue that is not there is fine
                }
                channel.exchangeDelete(prefix + ".members");
            }
            channel.exchangeDelete(exchange);
        } catch (Exception e) {
            System.err.println("Could not delete the demo's test queues on " + exchange + ": " + e);
        }
    }

    /** The application's consumers, from an app of every role on an in-memory store (started once). */
    private static synchronized List<String[]> consumers() {
        if (consumers == null) {
            Set<String> roles = new HashSet<>(DemoSettings.ROLES);
            roles.remove("web");
            DemoSettings settings = DemoTesting.settings().withStore("memory").withTransport("store").withRun(roles)
                    .withSealKey(DemoTesting.SEAL_KEY);
            List<String[]> found = new ArrayList<>();
            try (DemoApp app = DemoApp.start(settings, new RecordingMailer())) {
                for (Consumer consumer : app.microlith().consumers()) {
                    found.add(new String[] {consumer.category(), consumer.name()});
                }
            }
            consumers = found;
        }
        return consumers;
    }

    private static ConnectionFactory factory() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(RABBIT.replaceFirst("/$", "")); // "host/" would be the vhost "", not "/"

        factory.setConnectionTimeout(2_000);
        return factory;
    }
}
