package io.microlith.rabbitmq;

import com.rabbitmq.client.Channel;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The machine's real RabbitMQ (127.0.0.1:5672, guest/guest, or {@code MICROLITH_RABBITMQ_URL}), with an exchange of
 * this test run ({@code brokers-test-<random>}) so that runs and parallel builds never share a queue. Queues the tests
 * declare are deleted when the test JVM ends. When the broker cannot be reached the tests are skipped with a loud
 * message, except with {@code CI=true}, where they fail.
 */
final class TestBroker {
    static final String URL = System.getenv().getOrDefault("MICROLITH_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/");
    static final String EXCHANGE = "brokers-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> QUEUES = new CopyOnWriteArrayList<>();
    private static Boolean reachable;
    private static String unreachableReason;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestBroker::cleanUp, "delete-test-queues"));
    }

    private TestBroker() {
    }

    static RabbitSettings settings() {
        return RabbitSettings.parse(URL).withExchange(EXCHANGE).withStartupWait(Duration.ZERO);
    }

    /** Skips the calling test (fails it when CI=true) unless the broker answers. */
    static synchronized void require() {
        if (reachable == null) {
            try (RabbitTransport ignored = RabbitTransport.connect(settings())) {
                reachable = true;
            } catch (RabbitUnavailableException e) {
                reachable = false;
                unreachableReason = e.getMessage();
            }
        }
        if (!reachable) {
            String message = "RabbitMQ is unreachable (" + unreachableReason + "): the RabbitMQ transport tests "
                    + "cannot run. Start it, e.g. service rabbitmq-server start.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message);
            }
            System.err.println("\n!!!!! SKIPPED: " + message + "\n");
            Assumptions.abort(message);
        }
    }

    /** A connection of this run; the broker is required. */
    static RabbitTransport connect() {
        require();
        return RabbitTransport.connect(settings());
    }

    /** Deletes these queues when the run ends. */
    static void deleteLater(List<String> queues) {
        QUEUES.addAll(queues);
    }

    private static void cleanUp() {
        if (QUEUES.isEmpty()) {
            return;
        }
        try (RabbitTransport transport = RabbitTransport.connect(settings()); Channel channel = transport.channel()) {
            for (String queue : QUEUES) {
                channel.queueDelete(queue);
            }
            channel.exchangeDelete(EXCHANGE);
        } catch (Exception e) {
            System.err.println("Could not delete the test queues of " + EXCHANGE + ": " + e.getMessage());
        }
    }
}
