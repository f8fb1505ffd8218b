package io.microlith.demo.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.microlith.demo.DemoApp;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.RecordingMailer;
import io.microlith.demo.admin.AdminMessages.UserForgottenByAdministrator;
import io.microlith.demo.orders.OrderMessages.OrderPlaced;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import io.microlith.postgres.PostgresSettings;
import io.microlith.store.MessageStore;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static io.microlith.demo.DemoTesting.PASSWORD;
import static io.microlith.demo.DemoTesting.WAIT;
import static io.microlith.demo.DemoTesting.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Forget me" (issue 13, decision 0087) over real HTTP against the demo, on SQLite and (in the build's PostgreSQL run)
 * on PostgreSQL: after {@code DELETE /users/{id}} neither the user's e-mail addresses nor their name are anywhere in
 * the store (any message, data, metadata or stream name, raw or read through the application's types) or in any
 * table of the view database, in any case; the user's orders still fold and are still listed; the user's sessions
 * end; the address may be registered again, by a new user.
 */
class ForgetMeEndToEndTest {
    static final String ADMIN = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    static DemoSettings settings;
    static DemoApp app;
    static HttpTestServer server;
    static HttpTestClient seller;
    static JsonNode tea;

    @BeforeAll
    static void start() {
        settings = DemoTesting.settings().withAdmins(Set.of(ADMIN));
        app = DemoApp.start(settings, new RecordingMailer());
        server = HttpTestServer.of(app.port(), app::close);
        seller = DemoTesting.loggedIn(server, "seller", "seller");
        tea = DemoTesting.addProduct(seller, "Forgetful tea " + UUID.randomUUID().toString().substring(0, 6), "2.50");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A registered, logged-in user. */
    record User(HttpTestClient client, String id, String email) {
        String path() {
            return "/users/" + id;
        }
    }

    static User register(String email) {
        HttpTestClient client = DemoTesting.loggedInAs(server, email, "customer");
        return new User(client, client.get("/auth/me").json().path("userId").asText(), email);
    }

    static HttpTestClient login(String email) {
        HttpTestClient client = server.client();
        TestResponse login = client.postJson("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return client;
    }

    static String placeOrder(User user) {
        TestResponse placed = user.client().postJson("/order", "{\"products\":[{\"productId\":\"" + tea.path("id").asText()
                + "\",\"price\":2.50}]}");
        assertThat(placed.status()).as(placed.body()).isEqualTo(202);
        String location = placed.header("Location");
        DemoTesting.orderWithStatus(user.client(), location, "placed");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void leaves_no_address_or_name_in_the_store_or_the_views_while_the_orders_still_fold() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = "zelda.quillfeather-" + tag + "@forget-me.example.org";
        String newEmail = "zq." + tag + "@elsewhere.example.org";
        String name = "Zelda Quillfeather " + tag;
        User zelda = register(email);
        HttpTestClient otherSession = login(email);
        DemoTesting.eventually(zelda.client(), zelda.path(), r -> r.status() == 200);
        TestResponse changed = zelda.client().patchJson(zelda.path(), "{\"displayName\":\"" + name + "\",\"email\":\"" + newEmail + "\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        List<String> orders = List.of(placeOrder(zelda), placeOrder(zelda));
        app.microlith().awaitIdle(WAIT);
        List<String> secrets = List.of(email, newEmail, name, "zelda.quillfeather-" + tag, "Quillfeather " + tag);
        assertThat(viewText()).as("the views showed the user before").containsIgnoringCase(newEmail).contains(name);

        assertThat(zelda.client().delete(zelda.path()).status()).isEqualTo(204);

        assertError(zelda.client().get("/auth/me"), 401, "unauthorized", null);
        Eventually.within(WAIT).until(() -> otherSession.get("/auth/me"), r -> r.status() == 401);
        assertError(server.client().postJson("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}"),
                401, "unauthorized", null);
        app.microlith().awaitIdle(WAIT);

        String store = storeText();
        String views = viewText();
        for (String secret : secrets) {
            assertThat(store.toLowerCase(Locale.ROOT)).as("the store").doesNotContain(secret.toLowerCase(Locale.ROOT));
            assertThat(views.toLowerCase(Locale.ROOT)).as("the views").doesNotContain(secret.toLowerCase(Locale.ROOT));
        }
        assertThat(keyRows(zelda.id())).as("the user's key").isZero();

        for (String orderId : orders) {
            List<Message> stream = app.microlith().store().readStream(StreamName.of("order", orderId), 0, 100);
            assertThat(stream).extracting(m -> app.microlith().types().decode(m).orElseThrow()).singleElement()
                    .isInstanceOfSatisfying(OrderPlaced.class, placed -> {
                        assertThat(placed.userId()).isEqualTo(zelda.id());
                        assertThat(placed.lines()).singleElement().satisfies(line -> assertThat(line.name()).startsWith("Forgetful tea"));
                    });
        }
        assertThat(ordersListedFor(zelda.id())).as("the orders view still lists them, for the forgotten customer")
                .containsExactlyInAnyOrderElementsOf(orders);

        User again = register(email);
        assertThat(again.id()).as("a new user of the address").isNotEqualTo(zelda.id());
        assertThat(again.client().get("/order").json().path("orders")).as("none of the forgotten user's orders").isEmpty();
        assertThat(DemoTesting.eventually(again.client(), again.path(), r -> r.status() == 200).json().path("email").asText())
                .isEqualTo(email);
    }

    @Test
    void lets_an_administrator_forget_anybody_audits_it_and_ends_the_users_sessions() {
        HttpTestClient admin = DemoTesting.loggedInAsAdmin(server, app, ADMIN);
        String adminId = admin.get("/auth/me").json().path("userId").asText();
        User bob = register(DemoTesting.newEmail("bob"));

        assertThat(admin.delete(bob.path()).status()).isEqualTo(204);

        Eventually.within(WAIT).until(() -> bob.client().get("/auth/me"), r -> r.status() == 401);
        assertError(admin.delete(bob.path()), 404, "not_found", null);
        app.microlith().awaitIdle(WAIT);
        List<Object> audit = app.microlith().store().readStream(StreamName.of("admin", adminId), 0, 100).stream()
                .map(m -> (Object) app.microlith().types().decode(m).orElseThrow()).toList();
        assertThat(audit).contains(new UserForgottenByAdministrator(adminId, ADMIN, bob.id()));
    }

    @Test
    void answers_401_without_a_session_403_to_other_users_404_for_nobody_and_400_for_no_id() {
        User ann = register(DemoTesting.newEmail("ann"));
        User cy = register(DemoTesting.newEmail("cy"));
        HttpTestClient admin = DemoTesting.loggedInAsAdmin(server, app, ADMIN);

        assertError(server.client().delete(ann.path()), 401, "unauthorized", null);
        assertError(cy.client().delete(ann.path()), 403, "forbidden", null);
        assertError(admin.delete("/users/" + UUID.randomUUID()), 404, "not_found", null);
        assertError(admin.delete("/users/not-an-id"), 400, "invalid_input", "userId");
        assertThat(ann.client().get("/auth/me").status()).as("nobody forgot ann").isEqualTo(200);

        assertThat(ann.client().delete(ann.path()).status()).isEqualTo(204);
        assertError(ann.client().delete(ann.path()), 401, "unauthorized", null);
    }

    /** Every message of the store: stream name, type, data and metadata as stored, and the body as the app reads it. */
    static String storeText() {
        MessageStore store = app.microlith().store();
        StringBuilder text = new StringBuilder();
        long from = 1;
        List<Message> batch;
        while (!(batch = store.readAll(from, 1000)).isEmpty()) {
            for (Message m : batch) {
                text.append(m.streamName()).append(' ').append(m.type()).append(' ').append(m.data()).append(' ')
                        .append(m.metadata()).append(' ');
                app.microlith().types().decode(m).ifPresent(body -> text.append(body));
                text.append('\n');
            }
            from = batch.getLast().globalPosition() + 1;
        }
        return text.toString();
    }

    /** Every value of every row of every table of the view database. */
    static String viewText() throws SQLException {
        StringBuilder text = new StringBuilder();
        try (Connection views = DemoTesting.views(settings)) {
            for (String table : DemoTesting.viewTables(views, settings)) {
                try (Statement statement = views.createStatement(); ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        text.append(table).append(':');
                        for (int i = 1; i <= columns; i++) {
                            text.append(' ').append(rows.getString(i));
                        }
                        text.append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    /** The ids of the orders the orders view lists for {@code owner}. */
    static List<String> ordersListedFor(String owner) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection views = DemoTesting.views(settings);
             var select = views.prepareStatement("SELECT id FROM orders WHERE owner = ? AND status = 'placed'")) {
            select.setString(1, owner);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /** The rows of the key table (in the store's database) for {@code subject}. */
    static int keyRows(String subject) throws SQLException {
        try (Connection keys = storeDatabase();
             var select = keys.prepareStatement("SELECT COUNT(*) FROM microlith_subject_keys WHERE subject = ?")) {
            select.setString(1, subject);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static Connection storeDatabase() throws SQLException {
        if (!settings.onPostgres()) {
            return DriverManager.getConnection("jdbc:sqlite:" + settings.dataDir().resolve("microlith.db"));
        }
        PostgresSettings postgres = PostgresSettings.parse(settings.storeSetting());
        Properties properties = new Properties();
        properties.setProperty("user", postgres.user());
        return DriverManager.getConnection(postgres.jdbcUrl(), properties);
    }
}
