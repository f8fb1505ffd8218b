package io.microlith.demo;

import io.microlith.demo.email.Mailer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A mailer that keeps what it was asked to send. */
public final class RecordingMailer implements Mailer {
    public record Mail(String to, String subject, String text) {
    }

    private final List<Mail> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(String to, String subject, String text) {
        sent.add(new Mail(to, subject, text));
    }

    public List<Mail> sent() {
        return List.copyOf(sent);
    }

    public List<Mail> sentTo(String to) {
        return sent.stream().filter(m -> m.to().equals(to)).toList();
    }
}
