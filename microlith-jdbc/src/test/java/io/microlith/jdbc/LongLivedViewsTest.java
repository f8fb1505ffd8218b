package io.microlith.jdbc;

import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.message.Message;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.privacy.DataSubject;
import io.microlith.privacy.InMemorySubjectKeyStore;
import io.microlith.privacy.PersonalData;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Aggregators read through the same registry: upcasters (decision 0085) and forgotten subjects (decision 0086). */
class LongLivedViewsTest {

    record Viewed(String videoId) {
    }

    record Registered(@DataSubject String userId, @PersonalData String email) {
    }

    private static final String EMAIL = "grace@example.org";

    @TempDir
    Path dir;

    private final InMemoryMessageStore store = new InMemoryMessageStore();

    @Test
    void an_aggregator_sees_old_versions_as_the_current_record() throws SQLException {
        store.write(StreamName.of("viewing-a"), NewMessage.of("Viewed", "{\"video\":\"a\"}"));
        String url = "jdbc:sqlite:" + dir.resolve("views.db");
        try (Microlith microlith = Microlith.create(config -> config.store(store)
                .route(Viewed.class, "viewing", Viewed::videoId)
                .upcast(Viewed.class, 1, data -> {
                    data.set("videoId", data.remove("video"));
                    return data;
                }))) {
            microlith.eventBus().dispatch(Envelope.of(new Viewed("a")));
            microlith.register(Aggregator.builder(microlith, "viewing", "views", () -> DriverManager.getConnection(url))
                    .schema("CREATE TABLE IF NOT EXISTS views (video_id TEXT NOT NULL)")
                    .on(Viewed.class, (viewed, view) -> view.update("INSERT INTO views (video_id) VALUES (?)", viewed.videoId()))
                    .build());
            microlith.start().awaitIdle(Duration.ofSeconds(10));
        }
        assertThat(column(url, "SELECT video_id FROM views")).containsExactly("a", "a");
    }

    @Test
    void a_view_rebuilt_after_forgetting_holds_no_personal_data() throws Exception {
        InMemorySubjectKeyStore keys = new InMemorySubjectKeyStore();
        Path before = dir.resolve("before.db");
        Path after = dir.resolve("after.db");
        try (Microlith microlith = microlith(keys)) {
            microlith.eventBus().dispatch(Envelope.of(new Registered("u1", EMAIL)));
            microlith.register(users(microlith, before));
            microlith.start().awaitIdle(Duration.ofSeconds(10));
        }
        assertThat(column("jdbc:sqlite:" + before, "SELECT email FROM users")).containsExactly(EMAIL);

        keys.forget("u1");

        try (Microlith microlith = microlith(keys)) {
            microlith.register(users(microlith, after)); // the rebuild: a fresh view from the first message
            microlith.start().awaitIdle(Duration.ofSeconds(10));
        }
        assertThat(column("jdbc:sqlite:" + after, "SELECT user_id FROM users")).containsExactly("u1");
        assertThat(column("jdbc:sqlite:" + after, "SELECT email FROM users")).containsOnlyNulls();
        assertThat(Files.readString(after, StandardCharsets.ISO_8859_1)).doesNotContain(EMAIL);
        for (Message message : store.readAll(1, 1000)) {
            assertThat(message.data() + message.metadata()).doesNotContain(EMAIL);
        }
    }

    private Microlith microlith(InMemorySubjectKeyStore keys) {
        return Microlith.create(config -> config.store(store).personalData(keys)
                .route(Registered.class, "user", Registered::userId));
    }

    private static Aggregator users(Microlith microlith, Path database) {
        return Aggregator.builder(microlith, "user", "users", () -> DriverManager.getConnection("jdbc:sqlite:" + database))
                .schema("CREATE TABLE IF NOT EXISTS users (user_id TEXT PRIMARY KEY, email TEXT)")
                .on(Registered.class, (registered, view) -> view.update(
                        "INSERT INTO users (user_id, email) VALUES (?, ?)", registered.userId(), registered.email()))
                .build();
    }

    private static List<String> column(String url, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url);
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
