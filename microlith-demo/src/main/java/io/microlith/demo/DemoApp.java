package io.microlith.demo;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.microlith.Feature;
import io.microlith.Microlith;
import io.microlith.consumer.BrokerTransport;
import io.microlith.demo.admin.AdminFeature;
import io.microlith.demo.email.EmailFeature;
import io.microlith.demo.email.FileMailer;
import io.microlith.demo.email.Mailer;
import io.microlith.demo.identity.IdentityFeature;
import io.microlith.demo.identity.SecretBox;
import io.microlith.demo.orders.OrdersFeature;
import io.microlith.demo.users.UsersFeature;
import io.microlith.demo.videos.VideosFeature;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.http.HttpFeature;
import io.microlith.http.HttpSettings;
import io.microlith.http.MicrolithHttp;
import io.microlith.http.live.LiveFeed;
import io.microlith.postgres.PostgresSettings;
import io.microlith.store.MessageStore;
import io.microlith.store.MessageStores;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference application: its features, each declaring its routes, components, views and HTTP routes (as
 * {@link DemoSettings#run()} asks), on a message store opened from its setting and a separate view database.
 *
 * <pre>
 *   browser ──HTTP──▶ routes ──commands──▶ store ──▶ components ──events──▶ store
 *      ▲                 ▲                                                  │
 *      └── /order-events ┴──────── views (separate SQLite file) ◀── aggregator
 * </pre>
 *
 * <p>With {@code --transport=rabbitmq://...} or {@code kafka://...} the consumers receive through that broker instead
 * of reading the store, and the {@code relay} role publishes what the store committed (decision 0093).
 *
 * <p>On PostgreSQL ({@code --store=postgresql://...}) the views are in the schema {@code microlith_views} of the
 * store's database, so that processes that split the roles share them (decision 0090).
 */
public final class DemoApp implements AutoCloseable {
    private final DemoSettings settings;
    /** What this app opened, in order; closed in reverse. */
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final Microlith microlith;
    private final LiveFeed feed;
    private final Javalin web;
    private final DemoMetrics metrics = new DemoMetrics();
    private final AdminFeature admin;

    private DemoApp(DemoSettings settings, Mailer mailer) {
        this.settings = settings;
        if (settings.runs("web") != settings.runs("identity") && settings.sealKey() == null) {
            // the web role seals passwords into login commands that the identity role opens: one key for both
            throw new IllegalArgumentException("The roles web and identity run in separate processes: give both the same "
                    + "--seal-key (32 random bytes in base64, e.g. from: openssl rand -base64 32)");
        }
        try {
            // the store first: it holds the data folder, so a second process stops here, before touching the views
            MessageStore store = metrics.meter(MessageStores.open(settings.storeSetting()));
            opened.add(store);
            ViewDatabase views = settings.keepsNothing() ? ViewDatabase.temporary()
                    : settings.onPostgres() ? ViewDatabase.onPostgres(PostgresSettings.parse(settings.storeSetting()))
                    : ViewDatabase.open(settings.dataDir().resolve("views.db"));
            opened.add(views);
            KeyDatabase keys = KeyDatabase.open(settings);
            opened.add(keys);
            this.feed = new LiveFeed();
            opened.add(feed);
            SecretBox box = settings.sealKey() == null ? SecretBox.ephemeral(Duration.ofMinutes(2))
                    : SecretBox.withKey(settings.sealKey(), Duration.ofMinutes(2));
            this.admin = new AdminFeature(settings);
            // the broker before the Microlith, so that it is closed after the consumers that receive through it
            BrokerTransport transport = settings.onBroker() ? Brokers.connect(settings) : null;
            if (transport != null) {
                opened.add(transport);
            }
            List<Feature> features = List.of(
                    new IdentityFeature(settings, box, feed, keys.keys()),
                    new EmailFeature(settings, mailer != null ? mailer : new FileMailer(settings.dataDir().resolve("outbox.txt"))),
                    new OrdersFeature(settings, views, feed),
                    new VideosFeature(settings, views, feed),
                    new UsersFeature(settings, views, admin, feed),
                    admin,
                    metrics.feature());
            this.microlith = Microlith.create(config -> config.ownedStore(store).defaultTimeout(settings.deadline())
                    .transport(transport).feature(features.toArray(Feature[]::new)));
            opened.remove(store);
            opened.add(microlith);
            microlith.start();
            if (transport != null && settings.runs("relay")) {
                // after the consumers: on RabbitMQ a consumer receives only what is published once its queues exist
                opened.addAll(Brokers.startRelays(microlith));
            }
            this.web = settings.runs("web") ? startWeb(features) : null;
        } catch (RuntimeException | Error e) {
            closeOpened();
            throw e;
        }
    }

    private Javalin startWeb(List<Feature> features) {
        HttpSettings http = HttpSettings.defaults().withAnswerDeadline(settings.deadline())
                .withTrustProxyHeaders(settings.web().trustProxy())
                .withAllowedOrigins(settings.web().allowedOrigins().toArray(String[]::new));
        Javalin app = MicrolithHttp.create(http, config -> {
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            metrics.install(config);
        });
        opened.add(app::stop);
        HttpFeature.mountAll(app, features);
        metrics.mount(app, features);
        return app.start(settings.host(), settings.port());
    }

    /**
     * Starts the application; {@code mailer} {@code null} writes mail to {@code <data>/outbox.txt}. When it cannot
     * start, everything it opened is closed and the store and view files it created are deleted again.
     */
    public static DemoApp start(DemoSettings settings, Mailer mailer) {
        return StartUp.run(settings, () -> new DemoApp(settings, mailer));
    }

    /** The HTTP port, or -1 when this process does not run the web role. */
    public int port() {
        return web == null ? -1 : web.port();
    }

    /** Where to point a browser. */
    public String url() {
        String host = settings.host().equals("0.0.0.0") ? "localhost" : settings.host();
        return "http://" + host + ":" + port() + "/";
    }

    public Microlith microlith() {
        return microlith;
    }

    public LiveFeed feed() {
        return feed;
    }

    /** The admin portal's feature: its administrators (and their code) once the web runs, its consumer monitor. */
    public AdminFeature admin() {
        return admin;
    }

    /** Stops the web app, then the consumers (each saves its position) and the store, then the live feed and the views. */
    @Override
    public void close() {
        closeOpened();
    }

    private void closeOpened() {
        for (AutoCloseable closeable : opened.reversed()) { // the web first, the view database last
            try {
                closeable.close();
            } catch (Exception e) {
                // closing the rest matters more; the process is going away
            }
        }
        opened.clear();
    }
}
