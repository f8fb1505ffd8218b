package io.microlith.demo;

import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.MessageStore;
import io.microlith.store.MessageStores;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.microlith.demo.DemoTesting.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every component and aggregator of the reference application is idempotent: the whole store delivered again to every
 * consumer — the buses' (components, reactions) and the aggregators' — changes no view, writes no message and sends no
 * e-mail. The test walks every feature, stops the application, sets every consumer's position back to the start, and
 * starts it again on the same files.
 */
class ReplayEndToEndTest {
    static final Duration TRANSCODING = Duration.ofMillis(10);

    /** What a replay must not change: every view table, every message that is not the toolkit's bookkeeping, the mails. */
    record Snapshot(Map<String, List<String>> views, List<String> messages, int mails) {
    }

    @Test
    void replaying_the_whole_store_changes_no_view_writes_nothing_and_sends_no_mail_twice() throws Exception {
        DemoSettings settings = DemoTesting.settings().withTranscodeDelay(TRANSCODING);
        RecordingMailer mailer = new RecordingMailer();
        Snapshot before;
        DemoApp app = DemoApp.start(settings, mailer);
        try (HttpTestServer server = HttpTestServer.of(app.port(), app::close)) {
            walkEveryFeature(server);
            app.microlith().awaitIdle(WAIT);
            before = snapshot(app, settings, mailer);
        }
        assertThat(before.mails()).isGreaterThanOrEqualTo(2);
        assertThat(before.views().get("video_views")).isNotEmpty();

        replayFromTheStart(settings);
        DemoApp again = DemoApp.start(settings, mailer);
        try {
            again.microlith().awaitIdle(WAIT);
            Snapshot after = snapshot(again, settings, mailer);
            assertThat(after.views()).as("the views after the replay").isEqualTo(before.views());
            assertThat(after.messages()).as("the messages after the replay").isEqualTo(before.messages());
            assertThat(after.mails()).as("the e-mails sent after the replay").isEqualTo(before.mails());
        } finally {
            again.close();
        }
    }

    /** Register, log in, shop, publish and name videos (also badly, also someone else's), watch, change profiles. */
    private static void walkEveryFeature(HttpTestServer server) {
        HttpTestClient seller = DemoTesting.loggedIn(server, "seller", "seller");
        HttpTestClient viewer = DemoTesting.loggedIn(server, "viewer", "customer");
        String tea = DemoTesting.addProduct(seller, "Replayed tea", "1.50").path("id").asText();
        String order = viewer.postJson("/order", "{\"products\":[{\"productId\":\"" + tea + "\",\"price\":1.5}]}").header("Location");
        DemoTesting.orderWithStatus(viewer, order, "placed");

        String video = publish(seller, "https://example.org/replayed.mp4");
        String failed = publish(seller, "https://example.org/replayed.txt");
        assertThat(seller.postJson(video + "/name", "{\"name\":\"Replayed\"}").status()).isEqualTo(200);
        assertThat(seller.postJson(video + "/name", "{\"name\":\"\"}").status()).isEqualTo(400);
        assertThat(viewer.postJson(video + "/name", "{\"name\":\"Stolen\"}").status()).isEqualTo(403);
        assertThat(seller.postJson(failed + "/name", "{\"name\":\"Nope\"}").status()).isEqualTo(409);
        String videoId = video.substring(video.lastIndexOf('/') + 1);
        for (int i = 0; i < 3; i++) {
            assertThat(server.client().post("/record-viewing/" + videoId).status()).isEqualTo(202);
            assertThat(viewer.post("/record-viewing/" + videoId).status()).isEqualTo(202);
        }

        String viewerId = viewer.get("/auth/me").json().path("userId").asText();
        DemoTesting.eventually(viewer, "/users/" + viewerId, r -> r.status() == 200);
        assertThat(viewer.patchJson("/users/" + viewerId, "{\"displayName\":\"Replayed viewer\"}").status()).isEqualTo(200);
        assertThat(viewer.patchJson("/users/" + viewerId, "{\"email\":\"" + DemoTesting.newEmail("moved") + "\"}").status())
                .isEqualTo(200);
        String sellerId = seller.get("/auth/me").json().path("userId").asText();
        String sellerEmail = seller.get("/auth/me").json().path("email").asText();
        assertThat(viewer.patchJson("/users/" + viewerId, "{\"email\":\"" + sellerEmail + "\"}").status()).isEqualTo(409);
        DemoTesting.eventually(seller, "/users/" + sellerId, r -> r.status() == 200);
        assertThat(seller.patchJson("/users/" + sellerId, "{\"active\":false}").status()).isEqualTo(200);
    }

    private static String publish(HttpTestClient creator, String source) {
        String location = creator.postJson("/creators/videos", "{\"sourceUri\":\"" + source + "\"}").header("Location");
        DemoTesting.eventually(creator, location, r -> r.status() == 200 && !r.json().path("status").asText().equals("transcoding"));
        return location;
    }

    private static Snapshot snapshot(DemoApp app, DemoSettings settings, RecordingMailer mailer) throws Exception {
        List<String> messages = new ArrayList<>();
        MessageStore store = app.microlith().store();
        long from = 1;
        List<Message> batch;
        while (!(batch = store.readAll(from, 1000)).isEmpty()) {
            for (Message m : batch) {
                if (!isBookkeeping(m.streamName())) {
                    messages.add(m.globalPosition() + " " + m.streamName() + " " + m.type() + " " + m.data());
                }
            }
            from = batch.getLast().globalPosition() + 1;
        }
        return new Snapshot(views(settings), messages, mailer.sent().size());
    }

    private static boolean isBookkeeping(StreamName stream) {
        return stream.hasType("position") || stream.hasType("snapshot") || stream.hasType("parked");
    }

    /** Every row of every view table, in a stable order; the aggregators' own positions and colours left out. */
    private static Map<String, List<String>> views(DemoSettings settings) throws Exception {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection c = DemoTesting.views(settings); Statement s = c.createStatement()) {
            Set<String> names = DemoTesting.viewTables(c, settings);
            names.removeIf(name -> name.startsWith("microlith_"));
            for (String table : names) {
                List<String> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = r.getMetaData();
                    while (r.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(meta.getColumnName(i)).append('=').append(r.getString(i)).append(' ');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(table, rows);
            }
        }
        return tables;
    }

    /** Sets every consumer's position back to the start: the buses' in the store, the aggregators' in the views. */
    private static void replayFromTheStart(DemoSettings settings) throws Exception {
        try (MessageStore store = MessageStores.open(settings.storeSetting())) {
            Set<StreamName> positions = new TreeSet<>();
            long from = 1;
            List<Message> batch;
            while (!(batch = store.readAll(from, 1000)).isEmpty()) {
                batch.stream().map(Message::streamName).filter(stream -> stream.hasType("position")).forEach(positions::add);
                from = batch.getLast().globalPosition() + 1;
            }
            assertThat(positions).isNotEmpty();
            for (StreamName stream : positions) {
                store.write(stream, NewMessage.of("Recorded", "{\"position\":0}"));
            }
        }
        try (Connection c = DemoTesting.views(settings); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE microlith_view_positions SET global_position = 0")).isGreaterThanOrEqualTo(7);
        }
    }
}
