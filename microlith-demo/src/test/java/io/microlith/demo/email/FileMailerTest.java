package io.microlith.demo.email;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FileMailerTest {
    @TempDir
    Path data;

    private long mailsIn(Path outbox) throws Exception {
        return Files.readAllLines(outbox).stream().filter(line -> line.startsWith("To: ")).count();
    }

    @Test
    void writes_an_e_mail_id_once_however_often_it_is_sent() throws Exception {
        Path outbox = data.resolve("outbox.txt");
        FileMailer mailer = new FileMailer(outbox);

        mailer.send("id-1", "ann@example.org", "Hello", "Hi Ann");
        mailer.send("id-1", "ann@example.org", "Hello", "Hi Ann");
        mailer.send("id-2", "bob@example.org", "Hello", "Hi Bob");

        assertThat(mailsIn(outbox)).isEqualTo(2);
        assertThat(Files.readString(outbox)).contains("Message-Id: id-1\nTo: ann@example.org\nSubject: Hello\n\nHi Ann\n");
    }

    @Test
    void remembers_the_ids_in_the_outbox_after_a_restart() throws Exception {
        Path outbox = data.resolve("outbox.txt");
        new FileMailer(outbox).send("id-1", "ann@example.org", "Hello", "Hi Ann");

        // a new process on the same outbox, asked again (its component crashed before recording EmailSent)
        new FileMailer(outbox).send("id-1", "ann@example.org", "Hello", "Hi Ann");

        assertThat(mailsIn(outbox)).isEqualTo(1);
    }

    @Test
    void writes_every_mail_sent_without_an_id() throws Exception {
        Path outbox = data.resolve("outbox.txt");
        FileMailer mailer = new FileMailer(outbox);

        mailer.send("ann@example.org", "Hello", "Hi");
        mailer.send("ann@example.org", "Hello", "Hi");

        assertThat(mailsIn(outbox)).isEqualTo(2);
    }
}
