package io.microlith.demo;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.microlith.Microlith;
import io.microlith.demo.email.EmailComponent;
import io.microlith.demo.email.EmailMessages;
import io.microlith.demo.email.FileMailer;
import io.microlith.demo.email.Mailer;
import io.microlith.demo.identity.IdentityComponent;
import io.microlith.demo.identity.IdentityMessages;
import io.microlith.demo.identity.IdentityRoutes;
import io.microlith.demo.identity.Passwords;
import io.microlith.demo.identity.SecretBox;
import io.microlith.demo.identity.Sessions;
import io.microlith.demo.orders.CatalogComponent;
import io.microlith.demo.orders.OrderMessages;
import io.microlith.demo.orders.OrderRoutes;
import io.microlith.demo.orders.OrderViews;
import io.microlith.demo.orders.OrdersComponent;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.http.HttpSettings;
import io.microlith.http.MicrolithHttp;
import io.microlith.http.live.LiveFeed;
import io.microlith.message.MessageTypes;
import io.microlith.sqlite.SqliteMessageStore;
import io.microlith.store.MessageStore;
import io.microlith.store.memory.InMemoryMessageStore;
import io.microlith.jdbc.Aggregator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference application, wired by hand: the message store, the view database, the buses, the
 * components and aggregators of each feature (as {@link DemoSettings#run()} asks), and the web app.
 *
 * <pre>
 *   browser ──HTTP──▶ routes ──commands──▶ store ──▶ components ──events──▶ store
 *      ▲                 ▲                                                  │
 *      └── /order-events ┴──────── views (separate SQLite file) ◀── aggregator
 * </pre>
 */
public final class DemoApp implements AutoCloseable {
    private final DemoSettings settings;
    private final Microlith microlith;
    private final ViewDatabase views;
    private final LiveFeed feed;
    private final List<Aggregator> aggregators = new ArrayList<>();
    private final Javalin web;

    private DemoApp(DemoSettings settings, Mailer mailer) {
        this.settings = settings;
        MessageStore store = settings.store().equals("memory") ? new InMemoryMessageStore()
                : SqliteMessageStore.open(settings.dataDir().resolve("microlith.db"));
        MessageTypes types = OrderMessages.register(EmailMessages.register(IdentityMessages.register(new MessageTypes())));
        this.microlith = Microlith.create(config -> {
            config.ownedStore(store).types(types).defaultTimeout(settings.deadline());
            IdentityComponent.routes(config);
            EmailComponent.routes(config);
            OrderRoutes.routes(config);
        });
        this.views = settings.store().equals("memory") ? ViewDatabase.temporary()
                : ViewDatabase.open(settings.dataDir().resolve("views.db"));
        this.feed = new LiveFeed();

        SecretBox box = settings.sealKey() == null ? SecretBox.ephemeral(Duration.ofMinutes(2))
                : SecretBox.withKey(settings.sealKey(), Duration.ofMinutes(2));
        IdentityComponent identity = new IdentityComponent(microlith, new Passwords(settings.bcryptCost()), box);
        identity.subscribeQueries();
        if (settings.runs("identity")) {
            identity.subscribeCommands();
        }
        if (settings.runs("email")) {
            new EmailComponent(microlith, mailer != null ? mailer
                    : new FileMailer(settings.dataDir().resolve("outbox.txt"))).subscribe();
        }
        if (settings.runs("orders")) {
            new CatalogComponent(microlith).subscribe();
            new OrdersComponent(microlith).subscribe();
        }
        OrderViews orderViews = new OrderViews(views, feed);
        if (settings.runs("views")) {
            aggregators.addAll(orderViews.aggregators(microlith));
        }
        microlith.start();
        aggregators.forEach(Aggregator::start);

        if (settings.runs("web")) {
            Sessions sessions = new Sessions(microlith.queryBus());
            web = MicrolithHttp.create(HttpSettings.defaults().withAnswerDeadline(settings.deadline()), config -> {
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = "/web";
                    files.location = Location.CLASSPATH;
                });
            });
            new IdentityRoutes(microlith, sessions, box, settings.deadline()).mount(web);
            new OrderRoutes(microlith, sessions, orderViews, feed, settings.deadline()).mount(web);
            web.start(settings.host(), settings.port());
        } else {
            web = null;
        }
    }

    /** Starts the application; {@code mailer} {@code null} writes mail to {@code <data>/outbox.txt}. */
    public static DemoApp start(DemoSettings settings, Mailer mailer) {
        return new DemoApp(settings, mailer);
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

    /** Stops the web app, then the consumers (each saves its position), then the stores. */
    @Override
    public void close() {
        if (web != null) {
            web.stop();
        }
        feed.close();
        aggregators.forEach(Aggregator::close);
        microlith.close();
        views.close();
    }
}
