package io.microlith.http;

import io.javalin.Javalin;
import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.message.StreamName;
import io.microlith.testkit.http.HttpTestClient;
import io.microlith.testkit.http.HttpTestServer;
import io.microlith.testkit.http.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The bus helpers over real HTTP, on a Microlith with the in-memory store. */
class BusRoutesTest {
    record Greet(String name) {
    }

    record Greeted(String greeting) {
    }

    record Ignored(String name) {
    }

    record WhoAmI(String token) {
    }

    record Me(String name) {
    }

    static Microlith microlith;
    static HttpTestServer server;
    static HttpTestClient client;

    @BeforeAll
    static void start() {
        microlith = Microlith.create(config -> config
                .route(Greet.class, "greeter:command", Greet::name)
                .route(Greeted.class, "greeting", g -> "1")
                .route(Ignored.class, "nobody:command", Ignored::name));
        microlith.commandBus().subscribe(Greet.class, greet -> microlith.eventBus().dispatch(new Greeted("Hello " + greet.name())));
        microlith.queryBus().subscribe(WhoAmI.class, query -> new Me("owner of " + query.token()));
        microlith.start();

        Javalin app = MicrolithHttp.create(config -> {
        });
        app.post("/greet/{name}", ctx -> BusRoutes.accept(ctx, microlith.commandBus(),
                Envelope.correlated(new Greet(ctx.pathParam("name"))), "/greeting/1"));
        app.post("/greet-and-wait/{name}", ctx -> ctx.json(BusRoutes.request(ctx, microlith.commandBus(),
                Envelope.correlated(new Greet(ctx.pathParam("name"))), Greeted.class, Duration.ofSeconds(5), "the greeting")));
        app.post("/ignored", ctx -> ctx.json(BusRoutes.request(ctx, microlith.commandBus(),
                Envelope.correlated(new Ignored("x")), Greeted.class, Duration.ofMillis(100), "an answer nobody gives")));
        app.get("/me", ctx -> ctx.json(BusRoutes.ask(microlith.queryBus(), new WhoAmI(ctx.queryParam("token")), Me.class)));
        app.get("/thing/{id}", ctx -> BusRoutes.found(ctx,
                ctx.pathParam("id").equals("1") ? Optional.of(Map.of("id", 1)) : Optional.empty(), "thing " + ctx.pathParam("id")));
        server = HttpTestServer.start(app);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
        microlith.close();
    }

    @Test
    void accepts_a_command_with_202_after_writing_it() {
        TestResponse response = client.post("/greet/ann");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("Location")).isEqualTo("/greeting/1");
        String correlationId = response.header(MicrolithHttp.CORRELATION_ID);
        assertThat(microlith.store().readStream(StreamName.of("greeter:command", "ann"), 0))
                .singleElement().satisfies(m -> assertThat(m.correlationId()).isEqualTo(correlationId));
    }

    @Test
    void answers_with_the_correlated_outcome_of_a_command() {
        TestResponse response = client.post("/greet-and-wait/bob");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("greeting").asText()).isEqualTo("Hello bob");
        assertThat(response.header(MicrolithHttp.CORRELATION_ID)).isNotBlank();
    }

    @Test
    void answers_504_as_json_when_no_outcome_comes() {
        TestResponse response = client.post("/ignored");

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.json().path("error").asText()).isEqualTo("timeout");
        assertThat(response.json().path("message").asText()).contains("an answer nobody gives").contains("100 ms");
        assertThat(response.header(MicrolithHttp.CORRELATION_ID)).isNotBlank();
    }

    @Test
    void answers_from_the_query_bus() {
        assertThat(client.get("/me?token=t1").json().path("name").asText()).isEqualTo("owner of t1");
    }

    @Test
    void answers_a_view_or_404() {
        assertThat(client.get("/thing/1").json().path("id").asInt()).isEqualTo(1);
        TestResponse missing = client.get("/thing/2");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("message").asText()).isEqualTo("No thing 2");
    }
}
