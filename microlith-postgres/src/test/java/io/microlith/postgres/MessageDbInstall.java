package io.microlith.postgres;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real message-db, as published on npm ({@code @eventide/message-db} {@value #VERSION}), installed with
 * its own {@code database/install.sh} into a test database. Needs npm (once: the package is kept under
 * {@code target/}) and psql. When either is missing, or the registry is unreachable, the calling test is
 * skipped loudly, or fails when {@code CI=true}.
 */
final class MessageDbInstall {
    static final String VERSION = "1.3.1";
    private static Path packageDir;

    private MessageDbInstall() {
    }

    /** A new database holding a fresh message-db install, made by message-db's installer. */
    static synchronized String installInto(String purpose) {
        Path database = unpacked().resolve("database");
        String name = TestDatabases.create(purpose);
        run(List.of("bash", database.resolve("install.sh").toString()), database,
                Map.of("DATABASE_NAME", name, "CREATE_DATABASE", "off", "PGHOST", TestDatabases.HOST,
                        "PGPORT", Integer.toString(TestDatabases.PORT), "PGUSER", TestDatabases.USER),
                "message-db's install.sh into " + name);
        return name;
    }

    /** The unpacked npm package (its {@code database/} directory holds the installer). */
    static synchronized Path unpacked() {
        TestDatabases.requireServer();
        if (packageDir != null) {
            return packageDir;
        }
        Path target = Path.of(System.getenv().getOrDefault("MICROLITH_BUILD_DIR", "target"))
                .resolve("message-db-" + VERSION);
        Path unpacked = target.resolve("package");
        if (!Files.isRegularFile(unpacked.resolve("database/install.sh"))) {
            require("npm", "--version");
            try {
                Files.createDirectories(target);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            String tarball = "eventide-message-db-" + VERSION + ".tgz";
            if (!tryRun(List.of("npm", "pack", "--silent", "@eventide/message-db@" + VERSION), target, Map.of())
                    || !Files.isRegularFile(target.resolve(tarball))) {
                skip("npm could not fetch @eventide/message-db@" + VERSION + " from the registry");
            }
            run(List.of("tar", "xzf", tarball), target, Map.of(), "unpacking " + tarball);
        }
        require("psql", "--version");
        packageDir = unpacked;
        return packageDir;
    }

    private static void require(String command, String argument) {
        if (!tryRun(List.of(command, argument), Path.of("."), Map.of())) {
            skip(command + " is not installed (the message-db compatibility tests need npm and psql)");
        }
    }

    private static void skip(String why) {
        String message = why + ": the message-db compatibility tests cannot run.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true and " + message);
        }
        System.err.println("\n!!!!! SKIPPED: " + message + "\n");
        Assumptions.abort(message);
    }

    private static boolean tryRun(List<String> command, Path directory, Map<String, String> environment) {
        try {
            return exec(command, directory, environment).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command, Path directory, Map<String, String> environment, String what) {
        try {
            Result result = exec(command, directory, environment);
            if (result.exitCode() != 0) {
                throw new IllegalStateException(what + " failed (exit " + result.exitCode() + "):\n" + result.output());
            }
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed", e);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result exec(List<String> command, Path directory, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), new String(output));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(-1, "interrupted");
        }
    }
}
