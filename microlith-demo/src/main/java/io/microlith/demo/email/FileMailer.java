package io.microlith.demo.email;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The demo's mailer: appends each e-mail to a text file (the "outbox") instead of sending it, so
 * that a reader can see what would have gone out. One block per mail, separated by a blank line.
 *
 * <p>A mail sent with its id carries it ({@code Message-Id}), and an id already in the outbox is not appended again:
 * the send-email component, killed after the mailer answered and before it recorded {@code EmailSent}, asks again
 * after its restart, and the mail still goes out once (one process writes an outbox: the one of the email role).
 */
public final class FileMailer implements Mailer {
    private static final String ID_HEADER = "Message-Id: ";

    private final Path outbox;
    /** The ids in the outbox, read from it at the first send. */
    private Set<String> sentIds;

    public FileMailer(Path outbox) {
        this.outbox = outbox;
    }

    @Override
    public void send(String to, String subject, String text) throws IOException {
        append(null, to, subject, text);
    }

    @Override
    public void send(String emailId, String to, String subject, String text) throws IOException {
        append(emailId, to, subject, text);
    }

    private synchronized void append(String emailId, String to, String subject, String text) throws IOException {
        Files.createDirectories(outbox.toAbsolutePath().getParent());
        if (sentIds == null) {
            sentIds = idsInOutbox();
        }
        if (emailId != null && sentIds.contains(emailId)) {
            return;
        }
        String mail = "Date: " + Instant.now() + "\n" + (emailId == null ? "" : ID_HEADER + emailId + "\n") + "To: " + to
                + "\nSubject: " + subject + "\n\n" + text + "\n\n";
        // one write of the whole block: a crash leaves the mail in the outbox or not at all
        Files.writeString(outbox, mail, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        if (emailId != null) {
            sentIds.add(emailId);
        }
    }

    private Set<String> idsInOutbox() throws IOException {
        Set<String> ids = new HashSet<>();
        if (Files.exists(outbox)) {
            for (String line : Files.readAllLines(outbox, StandardCharsets.UTF_8)) {
                if (line.startsWith(ID_HEADER)) {
                    ids.add(line.substring(ID_HEADER.length()).strip());
                }
            }
        }
        return ids;
    }
}
