package io.microlith.cli;

import io.microlith.store.MessageStore;
import io.microlith.store.MessageStores;
import io.microlith.store.StoreBrowser;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the stores named on the command line with {@link MessageStores#open}, the settings every Microlith
 * application takes. Inspecting never creates or changes a store: a SQLite file must exist, and a PostgreSQL schema is
 * only validated (unless the setting says {@code schema=install}). Only a copy's target is created.
 */
final class Stores {
    private Stores() {
    }

    /** A store to read: it must exist already. */
    static MessageStore existing(String setting) {
        return open(setting, false);
    }

    /** A store to copy into: a SQLite file is created, a PostgreSQL schema installed (unless told otherwise). */
    static MessageStore target(String setting) {
        return open(setting, true);
    }

    /** The browser of a store (every store of the command line is one). */
    static StoreBrowser browser(MessageStore store, String setting) {
        return StoreBrowser.of(store).orElseThrow(() -> CommandFailure.failed("The store " + setting
                + " cannot be browsed (it lists no categories or streams)"));
    }

    private static MessageStore open(String setting, boolean create) {
        if (setting.startsWith("sqlite:") && !create) {
            String file = setting.substring("sqlite:".length());
            int query = file.indexOf('?');
            Path path = Path.of(query < 0 ? file : file.substring(0, query));
            if (!Files.isRegularFile(path)) {
                throw CommandFailure.failed("No SQLite store at " + path.toAbsolutePath() + " (setting '" + setting + "')");
            }
        }
        if (setting.startsWith("postgresql:") && !create && !setting.contains("schema=")) {
            setting = setting + (setting.contains("?") ? "&" : "?") + "schema=validate";
        }
        try {
            return MessageStores.open(setting);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }
}
