package io.microlith.cli;

import io.microlith.demo.DemoApp;
import io.microlith.demo.DemoSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference application started in the test's JVM, on a store of the test's choosing, and its users over HTTP. */
final class RunningDemo implements AutoCloseable {
    static final String PASSWORD = "s3cret-pass";

    final DemoApp app;
    /** Its data folder: views, outbox, and with the {@code sqlite} store {@code microlith.db}. */
    final Path data;

    private RunningDemo(DemoApp app, Path data) {
        this.app = app;
        this.data = data;
    }

    /** The demo on {@code store} ({@code sqlite} for its own file), a new data folder, {@code admins} named. */
    static RunningDemo start(String store, Set<String> admins) {
        try {
            Path data = Files.createTempDirectory("microlith-cli-demo-");
            return new RunningDemo(DemoApp.start(DemoSettings.defaults().withPort(0).withHost("127.0.0.1").withDataDir(data)
                    .withBcryptCost(4).withStore(store).withAdmins(admins), (to, subject, text) -> {
            }), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + app.port();
    }

    /** Registers a customer with {@link #PASSWORD}. */
    void register(String email) {
        HttpResponse<String> registered = post("/auth/register",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"customer\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }

    /** The status of a login with {@link #PASSWORD}. */
    int login(String email) {
        return post("/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}").statusCode();
    }

    private HttpResponse<String> post(String path, String json) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
