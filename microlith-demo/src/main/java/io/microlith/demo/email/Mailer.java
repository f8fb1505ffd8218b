package io.microlith.demo.email;

/** Hands an e-mail to the outside world. May throw; the component records the failure. */
@FunctionalInterface
public interface Mailer {
    void send(String to, String subject, String text) throws Exception;

    /**
     * Sends the e-mail {@code emailId}: a mailer that remembers the ids it sent (as mail services do with an
     * idempotency key) sends it once however often it is asked, also when the component crashed after sending and
     * before recording it. By default the id is not used.
     */
    default void send(String emailId, String to, String subject, String text) throws Exception {
        send(to, subject, text);
    }
}
