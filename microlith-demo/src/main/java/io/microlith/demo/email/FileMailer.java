package io.microlith.demo.email;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The demo's mailer: appends each e-mail to a text file (the "outbox") instead of sending it, so
 * that a reader can see what would have gone out. One block per mail, separated by a blank line.
 */
public final class FileMailer implements Mailer {
    private final Path outbox;

    public FileMailer(Path outbox) {
        this.outbox = outbox;
    }

    @Override
    public synchronized void send(String to, String subject, String text) throws IOException {
        Files.createDirectories(outbox.toAbsolutePath().getParent());
        String mail = "Date: " + Instant.now() + "\nTo: " + to + "\nSubject: " + subject + "\n\n" + text + "\n\n";
        Files.writeString(outbox, mail, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }
}
