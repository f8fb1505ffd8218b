package io.microlith.bench.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Installs the real message-db (npm {@code @eventide/message-db}) into a database with its own
 * {@code database/install.sh}, so that the benchmark compares against message-db itself. The package is
 * fetched once with {@code npm pack} into the working directory (or taken from {@code --message-db=<dir>},
 * the unpacked package); psql must be installed.
 */
final class MessageDbDatabase {
    static final String VERSION = "1.3.1";

    private MessageDbDatabase() {
    }

    static Path fetch(Path workDirectory) throws IOException, InterruptedException {
        Path unpacked = workDirectory.resolve("package");
        if (Files.isRegularFile(unpacked.resolve("database/install.sh"))) {
            return unpacked;
        }
        Files.createDirectories(workDirectory);
        run(List.of("npm", "pack", "--silent", "@eventide/message-db@" + VERSION), workDirectory, Map.of());
        run(List.of("tar", "xzf", "eventide-message-db-" + VERSION + ".tgz"), workDirectory, Map.of());
        return unpacked;
    }

    static void install(Path packageDir, String host, int port, String user, String database)
            throws IOException, InterruptedException {
        Path scripts = packageDir.resolve("database");
        run(List.of("bash", scripts.resolve("install.sh").toString()), scripts,
                Map.of("DATABASE_NAME", database, "CREATE_DATABASE", "off", "PGHOST", host,
                        "PGPORT", Integer.toString(port), "PGUSER", user));
    }

    private static void run(List<String> command, Path directory, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + new String(output));
        }
    }
}
