package io.microlith.demo.email;

/** Hands an e-mail to the outside world. May throw; the component records the failure. */
@FunctionalInterface
public interface Mailer {
    void send(String to, String subject, String text) throws Exception;
}
