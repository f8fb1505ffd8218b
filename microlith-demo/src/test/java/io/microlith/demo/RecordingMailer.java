package io.microlith.demo;

import io.microlith.demo.email.Mailer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mailer that keeps what it was asked to send; or, for an app in other processes, that reads what their
 * {@code FileMailer} wrote to its outbox ({@link #readOutbox}).
 */
public final class RecordingMailer implements Mailer {
    public record Mail(String to, String subject, String text) {
    }

    private final List<Mail> sent = new CopyOnWriteArrayList<>();
    private volatile Path outbox;

    @Override
    public void send(String to, String subject, String text) {
        sent.add(new Mail(to, subject, text));
    }

    /** From now on, the mail sent is what the outbox file {@code outbox} holds. */
    public void readOutbox(Path outbox) {
        this.outbox = outbox;
    }

    public List<Mail> sent() {
        Path file = outbox;
        return file == null ? List.copyOf(sent) : outbox(file);
    }

    public List<Mail> sentTo(String to) {
        return sent().stream().filter(m -> m.to().equals(to)).toList();
    }

    /** The mails of a {@code FileMailer} outbox: blocks of Date, To, Subject, a blank line and the text. */
    private static List<Mail> outbox(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String[] blocks = ("\n" + Files.readString(file, StandardCharsets.UTF_8)).split("\nDate: ");
            List<Mail> mails = new ArrayList<>();
            for (String block : blocks) {
                int to = block.indexOf("\nTo: ");
                int subject = block.indexOf("\nSubject: ");
                int text = block.indexOf("\n\n", Math.max(subject, 0));
                if (to >= 0 && subject > to && text > subject) {
                    mails.add(new Mail(block.substring(to + 5, subject), block.substring(subject + 10, text),
                            block.substring(text + 2).strip()));
                }
            }
            return mails;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
