package io.microlith.metrics;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.microlith.Microlith;
import io.microlith.bus.Envelope;
import io.microlith.bus.WaitTimeoutException;
import io.microlith.consumer.RetryPolicy;
import io.microlith.store.StoreBrowser;
import io.microlith.store.memory.InMemoryMessageStore;
import io.microlith.testkit.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Prometheus text after some traffic holds every documented name, with the tags the README promises. */
class MicrolithMetricsTest {

    record Deposited(String account, int amount) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrolithMetrics metrics = new MicrolithMetrics(registry);
    private Microlith microlith;
    private Javalin app;

    @AfterEach
    void close() {
        if (app != null) {
            app.stop();
        }
        if (microlith != null) {
            microlith.close();
        }
    }

    private void start() {
        microlith = Microlith.create(config -> config
                .ownedStore(metrics.meter(new InMemoryMessageStore(), "main"))
                .route(Deposited.class, "account", Deposited::account)
                .consumers(c -> c.retry(RetryPolicy.backoff(2, Duration.ZERO, Duration.ZERO)))
                .feature(metrics));
        microlith.consumer("account", "audit", c -> c.handle(Deposited.class, deposited -> {
            if (deposited.amount() < 0) {
                throw new IllegalStateException("a negative deposit");
            }
        }));
        microlith.start();
    }

    @Nested
    class StoreAndConsumers {
        @Test
        void count_messages_written_and_read_time_writes_and_handlers_and_gauge_lag_position_and_parked() {
            start();
            microlith.eventBus().dispatch(new Deposited("1", 10));
            microlith.eventBus().dispatch(new Deposited("2", -1));
            microlith.awaitIdle(Duration.ofSeconds(10));

            String text = registry.scrape();

            assertThat(text)
                    .contains("microlith_store_messages_written_total{category=\"account\",store=\"main\"} 2.0")
                    .containsPattern("microlith_store_messages_read_total\\{category=\"account\",store=\"main\"} [1-9]")
                    .contains("microlith_store_writes_seconds_count{outcome=\"ok\",store=\"main\"}")
                    .contains("microlith_consumer_handling_seconds_count{category=\"account\",consumer=\"audit\"} 1")
                    .contains("microlith_consumer_messages_total{category=\"account\",consumer=\"audit\"} 2.0")
                    .contains("microlith_consumer_retries_total{category=\"account\",consumer=\"audit\"} 1.0")
                    .contains("microlith_consumer_parked_messages{category=\"account\",consumer=\"audit\"} 1.0")
                    .contains("microlith_consumer_lag_messages{category=\"account\",consumer=\"audit\"} 0.0")
                    .containsPattern("microlith_consumer_position\\{category=\"account\",consumer=\"audit\"} [1-9]");
        }

        @Test
        void count_conflicting_writes_by_outcome_and_waits_that_timed_out() {
            start();
            var stream = io.microlith.message.StreamName.of("account", "9");
            microlith.store().write(stream, io.microlith.message.NewMessage.of("Opened", "{}"),
                    io.microlith.store.ExpectedVersion.noStream());
            assertThatThrownBy(() -> microlith.store().write(stream, io.microlith.message.NewMessage.of("Opened", "{}"),
                    io.microlith.store.ExpectedVersion.noStream())).isInstanceOf(io.microlith.store.ExpectedVersionException.class);
            Envelope<Deposited> never = Envelope.correlated(new Deposited("3", 1));
            assertThatThrownBy(() -> microlith.eventBus().waitFor(never.correlationId(), Deposited.class, Duration.ofMillis(10)))
                    .isInstanceOf(WaitTimeoutException.class);

            assertThat(registry.scrape())
                    .contains("microlith_store_writes_seconds_count{outcome=\"conflict\",store=\"main\"} 1")
                    .contains("microlith_waits_timed_out_total 1.0");
        }

        @Test
        void leave_the_wrapped_stores_browser_reachable() {
            start();
            assertThat(StoreBrowser.of(microlith.store())).isPresent();
        }
    }

    @Nested
    class Http {
        @Test
        void time_requests_by_route_and_status_never_by_the_path_a_client_made_up_and_count_refusals() throws Exception {
            AtomicLong refused = new AtomicLong(3);
            metrics.refusals("rate-limit", "login", refused::get);
            app = Javalin.create(config -> HttpMetrics.install(config, registry))
                    .get("/hello/{name}", ctx -> ctx.result("hello " + ctx.pathParam("name")))
                    .start("127.0.0.1", 0);

            assertThat(get("/hello/ann")).isEqualTo(200);
            assertThat(get("/hello/bob")).isEqualTo(200);
            assertThat(get("/made-up/" + System.nanoTime())).isEqualTo(404);

            Eventually.within(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.scrape())
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\","
                            + "uri=\"/hello/{name}\"} 2")
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\","
                            + "uri=\"NOT_FOUND\"} 1")
                    .doesNotContain("made-up")
                    .contains("microlith_http_refused_total{limit=\"rate-limit\",name=\"login\"} 3.0"));
        }

        private int get(String path) throws Exception {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
