package io.microlith.demo;

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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kafka broker for the demo's tests, as microlith-kafka's tests start one: {@code kafka.Kafka} from
 * {@code kafka_2.13} (test scope) in KRaft mode in a child JVM with the test classpath, on free ports, with a temporary
 * log directory, once per test JVM, stopped and deleted when it ends; its output in {@code target/kafka-broker.log}.
 * {@link #kill()} and {@link #restart()} stop it with SIGKILL and start it again on the same ports and data, for fault
 * tests. A broker that cannot start skips the tests with a loud message (fails them with {@code CI=true}).
 */
public final class TestKafka {
    private static Process broker;
    private static Path dir;
    private static Path properties;
    private static String bootstrap;
    private static String failure;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "stop-test-kafka"));
    }

    private TestKafka() {
    }

    /** A transport setting on this run's broker, with a topic prefix of its own (topics and groups apart per app). */
    public static String transport() {
        return "kafka://" + bootstrap() + "?topicPrefix=demo-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** {@code host:port} of the broker, started on first use; skips (fails on CI) when it cannot start. */
    public static synchronized String bootstrap() {
        if (bootstrap == null && failure == null) {
            try {
                start();
            } catch (Exception e) {
                failure = e.toString();
                stop();
            }
        }
        if (failure != null) {
            String message = "A Kafka broker could not be started for the demo's tests (" + failure + "); see "
                    + log() + ". The demo's Kafka tests cannot run.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message);
            }
            System.err.println("\n!!!!! SKIPPED: " + message + "\n");
            Assumptions.abort(message);
        }
        return bootstrap;
    }

    /** Kills the broker (SIGKILL): the processes' clients lose it until {@link #restart()}. */
    public static synchronized void kill() throws InterruptedException {
        broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the broker again on its ports and data, and waits until it answers. */
    public static synchronized void restart() throws Exception {
        broker = run(List.of("kafka.Kafka", properties.toString()), false);
        awaitAnswer(bootstrap);
    }

    private static void start() throws Exception {
        dir = Files.createTempDirectory("microlith-demo-kafka");
        Files.deleteIfExists(log());
        int[] ports = freePorts(2);
        int port = ports[0];
        int controllerPort = ports[1];
        properties = dir.resolve("server.properties");
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
                "num.partitions=1",
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
        awaitAnswer(address);
        bootstrap = address;
    }

    private static void awaitAnswer(String address) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 180_000))) {
            // generous: a loaded build machine has taken over a minute to start a broker
            admin.describeCluster().nodes().get(180, TimeUnit.SECONDS);
        }
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
        return Path.of("target", "kafka-broker.log");
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
