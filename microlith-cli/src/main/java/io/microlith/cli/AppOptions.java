package io.microlith.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to reach a running application's admin API (decision 0070): its URL and an administrator's login. The password
 * never goes on the command line (it would show in the process list and the shell's history): it is read from
 * {@code MICROLITH_PASSWORD} or from a file.
 */
final class AppOptions {
    @Option(names = "--app", paramLabel = "URL", defaultValue = "${env:MICROLITH_APP:-http://127.0.0.1:8080}",
            description = "The running application (default: $MICROLITH_APP, else ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", paramLabel = "EMAIL", defaultValue = "${env:MICROLITH_USER}",
            description = "An administrator's e-mail address (default: $MICROLITH_USER).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file holding the password (default: the environment variable MICROLITH_PASSWORD).")
    Path passwordFile;

    @Option(names = "--code", paramLabel = "CODE", defaultValue = "${env:MICROLITH_ADMIN_CODE}",
            description = "The administrator code the application logged at start, needed once per administrator"
                    + " (default: $MICROLITH_ADMIN_CODE).")
    String code;

    /** A client logged in as the administrator. */
    AdminClient login() {
        if (user == null || user.isBlank()) {
            throw CommandFailure.usage("Name an administrator with --user EMAIL (or MICROLITH_USER)");
        }
        return AdminClient.login(url, user, password(), code);
    }

    private String password() {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw CommandFailure.usage("Cannot read the password file " + passwordFile + ": " + e.getMessage());
            }
        }
        String password = System.getenv("MICROLITH_PASSWORD");
        if (password == null || password.isEmpty()) {
            throw CommandFailure.usage("Give the administrator's password in MICROLITH_PASSWORD or with --password-file FILE");
        }
        return password;
    }
}
