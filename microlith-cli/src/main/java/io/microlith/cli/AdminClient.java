package io.microlith.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The running application's admin API ({@code /admin/api/*}, the reference application's portal), as an administrator:
 * logs in like the browser does ({@code POST /auth/login}, a session cookie) and, the first time, confirms with the
 * administrator code. Every action goes through the application, which audits it (decision 0070).
 */
final class AdminClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int LOGIN_ATTEMPTS = 4;
    private static final long MAX_LOGIN_WAIT_SECONDS = 10;

    /**
     * An answer: its status, JSON body ({@link MissingNode} when it had none) and the seconds its {@code Retry-After}
     * header asks to wait ({@code -1} without one).
     */
    record Answer(int status, JsonNode body, long retryAfterSeconds) {
        /** The error's own message, as the API's error body has it. */
        String message() {
            String message = body.path("message").asText("");
            return message.isEmpty() ? "HTTP " + status : message;
        }
    }

    private final String base;
    private final HttpClient http;

    private AdminClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Logs in and makes sure the user is a confirmed administrator (confirming with {@code code} when needed). */
    static AdminClient login(String url, String email, String password, String code) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw CommandFailure.usage("--app must be an http(s) URL such as http://127.0.0.1:8080, not '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw CommandFailure.usage("--app must be an http(s) URL such as http://127.0.0.1:8080, not '" + url + "'");
        }
        AdminClient client = new AdminClient(url);
        Answer login = client.login(email, password);
        if (login.status() != 200) {
            throw CommandFailure.failed("The application at " + url + " refused the login of " + email + ": " + login.message());
        }
        Answer me = client.get("/admin/api/me");
        if (me.status() == 403 && code != null && !code.isBlank()) {
            Answer confirmed = client.post("/admin/api/confirm", Output.object().put("code", code.strip()));
            if (confirmed.status() != 200) {
                throw CommandFailure.failed("The application at " + url + " refused the administrator code: " + confirmed.message());
            }
            me = client.get("/admin/api/me");
        }
        if (me.status() != 200) {
            throw CommandFailure.failed(email + " is no administrator of the application at " + url + ": " + me.message()
                    + (me.status() == 403 && (code == null || code.isBlank())
                    ? " (a new administrator confirms once with --code, the code the application logged at start)" : ""));
        }
        return client;
    }

    /**
     * {@code POST /auth/login}; when the application limits logins and says when to try again (429 with
     * {@code Retry-After} of at most {@value #MAX_LOGIN_WAIT_SECONDS} s), waits that long and tries again, up to
     * {@value #LOGIN_ATTEMPTS} times: scripts that run several commands in a row log in each time.
     */
    private Answer login(String email, String password) {
        Answer login = post("/auth/login", Output.object().put("email", email).put("password", password));
        for (int attempt = 1; attempt < LOGIN_ATTEMPTS && login.status() == 429
                && login.retryAfterSeconds() >= 0 && login.retryAfterSeconds() <= MAX_LOGIN_WAIT_SECONDS; attempt++) {
            try {
                Thread.sleep(Duration.ofSeconds(login.retryAfterSeconds()).plusMillis(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CommandFailure.failed("Interrupted while waiting to log in again at " + base);
            }
            login = post("/auth/login", Output.object().put("email", email).put("password", password));
        }
        return login;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Answer post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** {@code path} with each segment quoted as a URI needs (ids and names may hold any character). */
    private URI uri(String path) {
        try {
            URI base = new URI(this.base);
            return new URI(base.getScheme(), base.getRawAuthority() == null ? null : base.getAuthority(),
                    (base.getPath() == null ? "" : base.getPath()) + path, null, null);
        } catch (URISyntaxException e) {
            throw CommandFailure.usage("Cannot make a URL of " + base + path + ": " + e.getMessage());
        }
    }

    private Answer send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(TIMEOUT).header("Accept", "application/json").build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            long retryAfter = response.headers().firstValue("Retry-After").map(AdminClient::seconds).orElse(-1L);
            return new Answer(response.statusCode(), parse(response.body()), retryAfter);
        } catch (IOException e) {
            throw CommandFailure.failed("Cannot reach the application at " + base + " (" + built.method() + " "
                    + built.uri().getPath() + "): " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.failed("Interrupted while waiting for the application at " + base);
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.strip());
        } catch (NumberFormatException e) {
            return -1; // an HTTP date: not waited for
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Output.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
