package io.microlith.demo;

import io.microlith.testkit.http.HttpTestServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's command line as a user meets it: the real main class in a child JVM. */
class MainTest {
    record Run(int exitCode, String out, String err) {
    }

    static Run main(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The demo did not exit: " + command);
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** One line on standard error, no stack trace, exit code 1. */
    static void assertFailedInOneLine(Run run, String expected) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().strip()).as(run.err()).startsWith("microlith-demo: ").contains(expected).doesNotContain("\n");
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /**
     * Exit code 1, the reason on the last line of standard error, no stack trace: the lines before are the broker
     * client's warnings while it tried again.
     */
    static void assertFailedWithLastLine(Run run, String expected) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        String[] lines = run.err().strip().split("\n");
        assertThat(lines[lines.length - 1]).as(run.err()).startsWith("microlith-demo: ").contains(expected);
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void help_lists_every_flag_the_demo_accepts() throws Exception {
        Run run = main("--help");

        assertThat(run.exitCode()).isZero();
        for (DemoSettings.Flag flag : DemoSettings.Flag.ALL) {
            assertThat(run.out()).contains("--" + flag.name() + "=");
            // and the demo accepts it
            DemoSettings.from(List.of("--" + flag.name() + "=" + sample(flag.name())), java.util.Map.of());
        }
        assertThat(run.out()).contains("--help");
    }

    private static String sample(String flag) {
        return switch (flag) {
            case "port" -> "0";
            case "run" -> "web";
            case "bcrypt-cost" -> "4";
            case "deadline-ms", "transcode-ms" -> "100";
            case "admins" -> "ann@example.org";
            case "store" -> "memory";
            case "session-idle-minutes", "session-max-minutes", "max-pending", "orders-per-second" -> "5";
            case "trust-proxy" -> "true";
            case "allowed-origins" -> "https://shop.example";
            case "transport" -> "store";
            default -> "x";
        };
    }

    @Nested
    class A_start_that_cannot_be_made {
        @Test
        void with_an_unknown_option_says_so(@TempDir Path data) throws Exception {
            assertFailedInOneLine(main("--prot=80", "--data=" + data), "Unknown option '--prot=80'");
        }

        @Test
        void with_a_bad_store_says_so_and_leaves_no_data_behind(@TempDir Path parent) throws Exception {
            Path data = parent.resolve("data");

            assertFailedInOneLine(main("--store=mongodb://x", "--data=" + data, "--port=0"), "No message store for scheme 'mongodb'");
            assertThat(data).doesNotExist();
        }

        @Test
        void with_web_and_identity_in_separate_processes_but_no_seal_key_says_so(@TempDir Path data) throws Exception {
            assertFailedInOneLine(main("--run=web", "--store=memory", "--port=0", "--data=" + data),
                    "give both the same --seal-key");
        }

        @Test
        void with_a_postgresql_store_that_is_down_says_so_at_once_and_leaves_no_data_behind(@TempDir Path parent)
                throws Exception {
            Path data = parent.resolve("data");

            // port 1: nothing listens there; the start fails at once, it does not wait for a server
            assertFailedInOneLine(main("--store=postgresql://postgres@127.0.0.1:1/microlith", "--data=" + data, "--port=0"),
                    "Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/microlith");
            assertThat(data).doesNotExist();
        }

        @Test
        void with_a_rabbitmq_broker_that_is_down_tries_again_for_its_startup_wait_then_says_so(@TempDir Path parent)
                throws Exception {
            Path data = parent.resolve("data");
            long start = System.nanoTime();

            // port 1: nothing listens there; the demo tries again every 500 ms for startupWait, then gives up
            Run run = main("--transport=rabbitmq://guest:guest@127.0.0.1:1?startupWait=PT2S", "--data=" + data,
                    "--port=0", "--run=orders");

            // tried again over the wait (attempts every 500 ms for 2 s), without a wall-clock bound that a last
            // attempt just before the deadline can undercut; and never a hang
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(50));
            assertFailedWithLastLine(run, "RabbitMQ at amqp://127.0.0.1:1");
            assertThat(run.err()).containsPattern("is unreachable after ([3-9]|\\d{2,}) attempt");
            assertThat(run.err()).contains("(startupWait)");
            assertThat(data).doesNotExist();
        }

        @Test
        void with_a_kafka_cluster_that_is_down_waits_for_its_startup_wait_then_says_so(@TempDir Path parent)
                throws Exception {
            Path data = parent.resolve("data");

            Run run = main("--transport=kafka://127.0.0.1:1?startupWait=PT2S", "--data=" + data, "--port=0",
                    "--run=orders");

            assertFailedWithLastLine(run, "Kafka at 127.0.0.1:1 did not answer within PT2S (startupWait)");
            assertThat(data).doesNotExist();
        }

        @Test
        void on_a_port_in_use_says_so_and_leaves_no_empty_store_behind(@TempDir Path parent) throws Exception {
            Path data = parent.resolve("data");
            try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                Run run = main("--port=" + taken.getLocalPort(), "--host=127.0.0.1", "--data=" + data);

                assertFailedInOneLine(run, "Port " + taken.getLocalPort() + " on 127.0.0.1 is in use");
            }
            assertThat(data).doesNotExist();
        }

        @Test
        void on_a_data_folder_held_by_another_process_says_so_and_leaves_its_files_alone(@TempDir Path data) throws Exception {
            DemoSettings settings = DemoTesting.settings().withDataDir(data).withStore("sqlite"); // the folder held: SQLite
            try (HttpTestServer running = DemoTesting.start(settings, new RecordingMailer())) {
                List<Path> before;
                try (var files = Files.list(data)) {
                    before = files.sorted().toList();
                }

                Run second = main("--port=0", "--host=127.0.0.1", "--data=" + data);

                assertFailedInOneLine(second, "microlith.db");
                try (var files = Files.list(data)) {
                    assertThat(files.sorted().toList()).containsAll(before);
                }
                assertThat(running.client().get("/auth/me").status()).isEqualTo(401);
            }
        }
    }
}
