package io.microlith.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.microlith.testkit.Eventually;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;

import io.microlith.demo.split.SplitDeployment;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.postgres.PostgresSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the demo for tests (embedded SQLite in a fresh folder, bcrypt at its cheapest) and acts as its users. With
 * {@code -Dmicrolith.demo.store=postgresql} (the build's {@code postgresql} run of the end-to-end tests) each app runs
 * on a PostgreSQL database of its own instead, its views in that database's schema {@code microlith_views}.
 */
public final class DemoTesting {
    public static final Duration WAIT = Duration.ofSeconds(10);
    public static final String PASSWORD = "s3cret-pass";
    /** A seal key for processes that split the web and identity roles. */
    public static final String SEAL_KEY = "q83vEjRWeJC6zN7vEjRWeJC6zN7vEjRWeJC6zN7vEjQ=";
    /**
     * Whether {@link #start} starts the app as a {@link SplitDeployment} of the built jar (web, components, views:
     * three processes) instead of in this JVM ({@code -Dmicrolith.demo.target=split}, the build's split run).
     */
    public static final boolean SPLIT = "split".equalsIgnoreCase(System.getProperty("microlith.demo.target"));
    /** Whether the apps of this test run are on PostgreSQL. */
    public static final boolean ON_POSTGRES = SPLIT
            || "postgresql".equalsIgnoreCase(System.getProperty("microlith.demo.store"));
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private DemoTesting() {
    }

    /**
     * Test settings: a random port on 127.0.0.1, a new data folder, bcrypt cost 4; on PostgreSQL ({@link #ON_POSTGRES})
     * a new database; with {@code -Dmicrolith.demo.transport=rabbitmq} (or {@code kafka}) the consumers receive through
     * RabbitMQ, on an exchange of the app's own ({@link TestBrokers}), or through Kafka, on topics of the app's own
     * ({@link TestKafka}).
     */
    public static DemoSettings settings() {
        try {
            Path data = Files.createTempDirectory("microlith-demo-test-");
            DemoSettings settings = DemoSettings.defaults().withPort(0).withHost("127.0.0.1").withDataDir(data).withBcryptCost(4);
            if (TestBrokers.TRANSPORT.equals("rabbitmq")) {
                settings = settings.withTransport(TestBrokers.rabbitTransport());
            } else if (TestBrokers.TRANSPORT.equals("kafka")) {
                settings = settings.withTransport(TestKafka.transport());
            }
            return ON_POSTGRES ? settings.withStore(PostgresTestDatabase.storeSetting(
                    PostgresTestDatabase.create("app" + DATABASES.incrementAndGet()))) : settings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new connection to the view database of an app started with {@code settings} (SQLite or PostgreSQL). */
    public static Connection views(DemoSettings settings) throws SQLException {
        if (!settings.onPostgres()) {
            return DriverManager.getConnection("jdbc:sqlite:" + settings.dataDir().resolve("views.db"));
        }
        PostgresSettings postgres = PostgresSettings.parse(settings.storeSetting());
        Properties properties = new Properties();
        properties.setProperty("user", postgres.user());
        properties.setProperty("currentSchema", ViewDatabase.POSTGRES_SCHEMA);
        return DriverManager.getConnection(postgres.jdbcUrl(), properties);
    }

    /** The tables of the view database {@code views} connects to. */
    public static Set<String> viewTables(Connection views, DemoSettings settings) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (ResultSet rows = views.getMetaData().getTables(null, settings.onPostgres() ? ViewDatabase.POSTGRES_SCHEMA : null,
                "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    /** Starts the app; in a {@link #SPLIT} run, as three processes, with {@code mailer} reading their outbox. */
    public static HttpTestServer start(DemoSettings settings, RecordingMailer mailer) {
        if (SPLIT) {
            SplitDeployment split = SplitDeployment.start(settings, 1);
            mailer.readOutbox(split.outbox());
            return HttpTestServer.of(split.web(0).port(), split);
        }
        DemoApp app = DemoApp.start(settings, mailer);
        return HttpTestServer.of(app.port(), () -> {
            app.close();
            if (settings.onBroker() && settings.onRabbit()) {
                TestBrokers.deleteRabbitQueues(settings.transport());
            }
        });
    }

    /** A fresh e-mail address, so that tests sharing an app never collide. */
    public static String newEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    /** Registers and logs in a new user of {@code role}; the client holds the session. */
    public static HttpTestClient loggedIn(HttpTestServer server, String who, String role) {
        return loggedInAs(server, newEmail(who), role);
    }

    /** Logs in as {@code email}, registering it (as {@code role}) unless it is registered already. */
    public static HttpTestClient loggedInAs(HttpTestServer server, String email, String role) {
        HttpTestClient client = server.client();
        TestResponse registered = client.postJson("/auth/register",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}");
        assertThat(registered.status()).as(registered.body()).isIn(201, 409);
        TestResponse login = client.postJson("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return client;
    }

    /**
     * Logs in as the administrator {@code email} (registering it unless registered; it must be named in the app's
     * {@code --admins}) and confirms it with the app's administrator code.
     */
    public static HttpTestClient loggedInAsAdmin(HttpTestServer server, DemoApp app, String email) {
        HttpTestClient client = loggedInAs(server, email, "customer");
        TestResponse confirmed = client.postJson("/admin/api/confirm",
                "{\"code\":\"" + app.admin().administrators().code() + "\"}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        return client;
    }

    /** Adds a product as a seller and returns its JSON. */
    public static JsonNode addProduct(HttpTestClient seller, String name, String price) {
        TestResponse added = seller.postJson("/product", "{\"name\":\"" + name + "\",\"price\":" + price + "}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json();
    }

    /**
     * GETs {@code path} until the answer satisfies {@code until} (views are eventually consistent);
     * fails after {@link #WAIT}. Not a timing assertion: the wait is a safety net.
     */
    public static TestResponse eventually(HttpTestClient client, String path, Predicate<TestResponse> until) {
        return Eventually.within(WAIT).describedAs("GET " + path).until(() -> client.get(path), until);
    }

    /** Waits until the order's view has {@code status} and returns it. */
    public static JsonNode orderWithStatus(HttpTestClient client, String location, String status) {
        return eventually(client, location, r -> r.status() == 200 && r.json().path("status").asText().equals(status)).json();
    }

    /** The roles of a process that serves HTTP but handles no command. */
    public static Set<String> webOnly() {
        return Set.of("web");
    }

    /** Asserts a JSON error answer. */
    public static void assertError(TestResponse response, int status, String error, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(body.path("field").asText()).isEqualTo(field);
        }
    }
}
