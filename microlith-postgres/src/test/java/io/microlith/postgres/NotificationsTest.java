package io.microlith.postgres;

import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.CommitNotifications.Registration;
import io.microlith.store.WriteResult;
import io.microlith.testkit.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listeners wake on commits made anywhere: by another process's store, by a message-db client calling
 * write_message, by an SQL client calling write_batch (each category once, with its highest position). Rolled-back
 * writes announce nothing. A lost listening connection is re-established.
 * (Waits are bounded at 30 s so that a broken build fails instead of hanging; nothing here measures speed.)
 */
class NotificationsTest {
    private static final Eventually WITHIN_30_S = Eventually.within(Duration.ofSeconds(30));
    private static final String APPLICATION = "microlith-notify-" + UUID.randomUUID().toString().substring(0, 8);
    private static String database;
    private static PostgresMessageStore listening;
    private static ProcessWriter otherProcess;

    @BeforeAll
    static void open() {
        database = TestDatabases.create("notifications");
        listening = PostgresMessageStore.open(TestDatabases.settings(database).withApplicationName(APPLICATION).withPoolSize(2));
        otherProcess = new ProcessWriter("postgresql://" + TestDatabases.USER + "@" + TestDatabases.HOST + ":"
                + TestDatabases.PORT + "/" + database);
    }

    @AfterAll
    static void close() {
        otherProcess.close();
        listening.close();
    }

    record Heard(String category, long globalPosition) {
    }

    @Test
    void hears_a_commit_made_by_a_store_in_another_process() throws Exception {
        String category = "otherProcess" + suffix();
        BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
        try (Registration ignored = listening.onCommit((c, p) -> heard.add(new Heard(c, p)))) {
            WriteResult result = otherProcess.write(StreamName.of(category, "1"), NewMessage.of("Written", "{}"));

            assertThat(next(heard, category)).isEqualTo(new Heard(category, result.lastGlobalPosition()));
        }
    }

    @Test
    void hears_a_commit_made_by_a_message_db_client_with_write_message() throws Exception {
        String category = "sqlClient" + suffix();
        BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
        try (Registration ignored = listening.onCommit((c, p) -> heard.add(new Heard(c, p)));
             Connection client = TestDatabases.connect(database)) {
            writeMessage(client, category + "-1");

            Heard commit = next(heard, category);
            assertThat(commit.globalPosition()).isEqualTo(listening.headGlobalPosition());
        }
    }

    @Test
    void hears_each_category_of_an_sql_clients_write_batch_once_with_its_highest_position() throws Exception {
        String first = "batchFirst" + suffix();
        String second = "batchSecond" + suffix();
        BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
        try (Registration ignored = listening.onCommit((c, p) -> heard.add(new Heard(c, p)));
             Connection client = TestDatabases.connect(database);
             PreparedStatement batch = client.prepareStatement("SELECT last_global_positions FROM message_store.write_batch("
                     + "?::varchar[], ?::int8[], ?::int4[], ?::int4[], ?::int4[], ?::int4[], ?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[])")) {
            batch.setObject(1, new String[] {first + "-1", second + "-1", first + "-2"});
            batch.setObject(2, new Long[] {null, null, null});
            batch.setObject(3, new int[] {1, 2, 3});
            batch.setObject(4, new int[] {1, 1, 1});
            batch.setObject(5, new int[] {1, 2, 3});
            batch.setObject(6, new int[] {0, 0, 0});
            batch.setObject(7, new String[] {UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString()});
            batch.setObject(8, new String[] {"Written", "Written", "Written"});
            batch.setObject(9, new String[] {"{}", "{}", "{}"});
            batch.setObject(10, new String[] {null, null, null});
            Object[] positions;
            try (ResultSet rs = batch.executeQuery()) {
                rs.next();
                positions = (Object[]) rs.getArray(1).getArray();
            }

            // one notification per category, the first category's with the later of its two writes
            assertThat(next(heard, first)).isEqualTo(new Heard(first, ((Number) positions[2]).longValue()));
            assertThat(next(heard, second)).isEqualTo(new Heard(second, ((Number) positions[1]).longValue()));
            assertThat(heard).extracting(Heard::category).doesNotContain(first, second);
        }
    }

    @Test
    void hears_nothing_of_a_rolled_back_write() throws Exception {
        String rolledBack = "rolledBack" + suffix();
        String committed = "committed" + suffix();
        BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
        try (Registration ignored = listening.onCommit((c, p) -> heard.add(new Heard(c, p)));
             Connection client = TestDatabases.connect(database)) {
            client.setAutoCommit(false);
            writeMessage(client, rolledBack + "-1");
            client.rollback();
            writeMessage(client, committed + "-1");
            client.commit();

            // Notifications arrive in commit order: once the later commit is heard, the earlier would have been.
            next(heard, committed);
            assertThat(heard).extracting(Heard::category).doesNotContain(rolledBack);
        }
    }

    @Test
    void listens_again_after_its_connection_is_terminated() throws Exception {
        String category = "reconnected" + suffix();
        BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
        try (Registration ignored = listening.onCommit((c, p) -> heard.add(new Heard(c, p)));
             Connection client = TestDatabases.connect(database)) {
            writeMessage(client, "warmUp" + suffix() + "-1");
            next(heard, null);
            assertThat(terminateListener()).isEqualTo(1);

            // Notifications sent while no one listens are lost (followers poll then); write until one is heard.
            WITHIN_30_S.describedAs("a notification after reconnecting").until(() -> {
                writeMessage(client, category + "-1");
                return heard.poll(200, TimeUnit.MILLISECONDS);
            }, commit -> commit != null);
        }
    }

    private static Heard next(BlockingQueue<Heard> heard, String category) {
        return WITHIN_30_S.describedAs("a notification for " + (category == null ? "any category" : category))
                .until(() -> heard.poll(100, TimeUnit.MILLISECONDS),
                        h -> h != null && (category == null || h.category().equals(category)));
    }

    private static int terminateListener() throws SQLException {
        try (Connection admin = TestDatabases.admin();
             PreparedStatement kill = admin.prepareStatement(
                     "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
            kill.setString(1, APPLICATION + "-listener");
            try (ResultSet rs = kill.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void writeMessage(Connection connection, String stream) throws SQLException {
        try (PreparedStatement write = connection.prepareStatement(
                "SELECT message_store.write_message(?, ?, 'Written', '{}'::jsonb)")) {
            write.setString(1, UUID.randomUUID().toString());
            write.setString(2, stream);
            write.executeQuery().close();
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
