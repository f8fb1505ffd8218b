package io.microlith.demo.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One process of the built demo jar ({@code -Dmicrolith.demo.jar}, by default {@code target/microlith-demo.jar}),
 * started with flags, its output in a log file; killed with SIGKILL or stopped with SIGTERM, and started again on the
 * same port and data folder.
 */
public final class DemoProcess implements AutoCloseable {
    private static final Pattern OPEN = Pattern.compile("Open http://[^:/]+:(\\d+)/");
    private static final long START_MILLIS = 60_000;

    private final String name;
    private final List<String> flags;
    private final Path data;
    private final Path log;
    private Process process;
    private int port = -1;

    private DemoProcess(String name, List<String> flags, Path data, Path log) {
        this.name = name;
        this.flags = flags;
        this.data = data;
        this.log = log;
    }

    /** Starts {@code java -jar microlith-demo.jar <flags> --data=<new folder>} and waits until it says it runs. */
    public static DemoProcess start(String name, List<String> flags) {
        try {
            Path data = Files.createTempDirectory("microlith-split-" + name + "-");
            DemoProcess started = new DemoProcess(name, flags, data, data.resolve("process.log"));
            started.launch(flags.stream().anyMatch(flag -> flag.startsWith("--port=")) ? null : "--port=0");
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built jar the processes run. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("microlith.demo.jar", "target/microlith-demo.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No demo jar at " + jar.toAbsolutePath() + ": build it first (mvn package)");
        }
        return jar;
    }

    private void launch(String portFlag) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar().toString()));
        command.addAll(flags);
        if (portFlag != null) {
            command.add(portFlag);
        }
        command.add("--data=" + data);
        int earlierOutput = output().length(); // a restart appends to the log of the earlier runs
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.currentTimeMillis() + START_MILLIS;
        while (true) {
            String output = output().substring(earlierOutput);
            int from = output.indexOf("Microlith demo running");
            if (from >= 0) {
                Matcher open = OPEN.matcher(output.substring(from));
                if (open.find()) {
                    port = Integer.parseInt(open.group(1));
                    return;
                }
                int end = output.indexOf('\n', from);
                if (end > 0 && !output.substring(from, end).matches(".*roles \\S*web.*")) { // no web role, no port
                    return;
                }
            }
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("The demo process " + name + " did not start: " + command + "\n" + output);
            }
            sleep(50);
        }
    }

    /** Kills the process with SIGKILL: no shutdown hook runs, nothing is saved. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** Stops the process with SIGTERM: its shutdown hook stops the consumers, which save their positions. */
    public void stop() {
        process.destroy();
        waitForExit();
    }

    /** Starts the process again, with the same flags, data folder and (for the web role) port. */
    public void restart() {
        try {
            launch(port > 0 ? "--port=" + port : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The demo process " + name + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The HTTP port (web role), or -1. */
    public int port() {
        return port;
    }

    public Path data() {
        return data;
    }

    /** Everything the process (and its earlier runs) wrote to standard output and error. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a demo process", e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return name + " " + flags;
    }
}
