package io.microlith.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kafka broker for the test run: {@code kafka.Kafka} from the Maven Central artifact {@code kafka_2.13}, in
 * KRaft mode (broker and controller in one node), started once in a child JVM with the test classpath, on free ports,
 * with a temporary log directory; stopped and deleted when the test JVM ends. Its output goes to
 * {@code target/kafka-broker.log}. A broker that cannot start skips the tests with a loud message, and fails them with
 * {@code CI=true}.
 */
final class TestKafka {
    private static Process broker;
    private static Path dir;
    private static String bootstrap;
    private static String failure;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "stop-test-kafka"));
    }

    private TestKafka() {
    }

    /** {@code host:port} of the broker of this run, started on first use; skips (fails on CI) when it cannot start. */
    static synchronized String bootstrap() {
        if (bootstrap == null && failure == null) {
            try {
                start();
            } catch (Exception e) {
                failure = e.toString();
                stop();
            }
        }
        if (failure != null) {
            String message = "A Kafka broker could not be started for the tests (" + failure + "); see "
                    + log() + ". The Kafka transport tests cannot run.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message);
            }
            System.err.println("\n!!!!! SKIPPED: " + message + "\n");
            Assumptions.abort(message);
        }
        return bootstrap;
    }

    private static void start() throws Exception {
        dir = Files.createTempDirectory("microlith-kafka-test");
        Files.deleteIfExists(log());
        int[] ports = freePorts(2);
        int port = ports[0];
        int controllerPort = ports[1];
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=8",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // consumer groups (KIP-848) hand out partitions on heartbeats: 5 s by default made every join wait seconds
                "group.consumer.heartbeat.interval.ms=500",
                "group.consumer.min.heartbeat.interval.ms=500",
                "auto.create.topics.enable=false",
                ""));
        run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                properties.toString()), true);
        broker = run(List.of("kafka.Kafka", properties.toString()), false);
        String address = "127.0.0.1:" + port;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 180_000))) {
            // generous: a loaded build machine has taken over a minute to start a broker
            admin.describeCluster().nodes().get(180, TimeUnit.SECONDS);
        }
        bootstrap = address;
    }

    private static Process run(List<String> mainAndArgs, boolean wait) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        if (wait && (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0)) {
            throw new IllegalStateException(mainAndArgs.getFirst() + " failed (exit " + (process.isAlive() ? "none"
                    : process.exitValue()) + ")");
        }
        return process;
    }

    private static Path log() {
        return Path.of(System.getenv().getOrDefault("MICROLITH_BUILD_DIR", "target"), "kafka-broker.log");
    }

    /**
     * Distinct free ports: each socket stays open until all are picked, so the system cannot hand out one port
     * twice (it did once: the broker refused to start with its listener and controller on one port).
     */
    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    private static synchronized void stop() {
        if (broker != null) {
            broker.destroy();
            try {
                if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                    broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            broker = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                System.err.println("Could not delete " + dir + ": " + e.getMessage());
            }
            dir = null;
        }
    }
}
