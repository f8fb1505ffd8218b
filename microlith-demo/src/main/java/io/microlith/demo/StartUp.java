package io.microlith.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Starting the demo so that a failed start leaves nothing behind: the port is checked before anything is opened,
 * and when the start fails the store and view files it created (not those that were there before) are deleted.
 */
final class StartUp {
    /** The files a start may create in the data folder. */
    private static final List<String> OWN_FILES = List.of("microlith.db", "views.db");

    private StartUp() {
    }

    static <T> T run(DemoSettings settings, Supplier<T> start) {
        if (settings.runs("web")) {
            requireFreePort(settings.host(), settings.port());
        }
        Path data = settings.dataDir();
        boolean dataExisted = Files.isDirectory(data);
        Set<Path> before = files(data);
        try {
            return start.get();
        } catch (RuntimeException | Error e) {
            for (Path file : files(data)) {
                if (!before.contains(file)) {
                    deleteQuietly(file);
                }
            }
            if (!dataExisted) {
                deleteQuietly(data);
            }
            throw e;
        }
    }

    /** @throws IllegalStateException naming the port when another process listens on it */
    static void requireFreePort(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " on " + host + " is in use; choose another with --port=<n>"
                    + " (0 picks a free one)");
        }
    }

    private static Set<Path> files(Path data) {
        if (!Files.isDirectory(data)) {
            return Set.of();
        }
        try (Stream<Path> listing = Files.list(data)) {
            Set<Path> files = new HashSet<>();
            listing.filter(file -> OWN_FILES.stream().anyMatch(own -> file.getFileName().toString().startsWith(own)))
                    .forEach(files::add);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + data, e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a folder that is not empty stays: it holds something that is not ours
        }
    }
}
