package io.microlith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real jar ({@code target/microlith.jar}, built by the package phase) as a child process with the JDK that
 * runs the tests, as a user would: {@code java -jar microlith.jar ARGS}.
 */
final class Cli {
    static final Path JAR = Path.of(System.getenv().getOrDefault("MICROLITH_BUILD_DIR", "target"), "microlith.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a run printed and how it ended. */
    record Result(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("Not JSON on standard output: " + out + "\nstandard error: " + err, e);
            }
        }

        /** Asserts exit code 0, showing what it printed otherwise. */
        Result ok() {
            assertThat(exitCode).as("exit code; out: %s; err: %s", out, err).isZero();
            return this;
        }

        /** Asserts the exit code and a one-line error naming {@code expected}. */
        Result failsWith(int code, String expected) {
            assertThat(exitCode).as("exit code; out: %s; err: %s", out, err).isEqualTo(code);
            assertThat(err.lines().findFirst().orElse("")).contains(expected);
            assertThat(err).doesNotContain("\tat ");
            return this;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    /**
     * Runs the same command line in this JVM ({@link Main#run}): the same code and exit codes without the start of a
     * JVM, for the many small checks; the environment is this JVM's.
     */
    static Result inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** Runs to the end (at most a minute) with extra environment variables. */
    static Result run(Map<String, String> env, String... args) {
        try {
            Path out = Files.createTempFile("microlith-cli-out", ".txt");
            Path err = Files.createTempFile("microlith-cli-err", ".txt");
            Process process = builder(env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("microlith " + String.join(" ", args) + " did not end within a minute; err: "
                        + Files.readString(err));
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts a run that goes on (tail --follow, a copy to interrupt); the caller reads and ends it. */
    static Process start(String... args) {
        try {
            return builder(Map.of(), args).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProcessBuilder builder(Map<String, String> env, String... args) {
        assertThat(JAR).as("the packaged jar (run the tests with mvn verify)").isRegularFile();
        // A short-lived tool: the quick compiler and the small collector start it sooner, as they would a user's.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("MICROLITH_"));
        builder.environment().putAll(env);
        return builder;
    }
}
