package io.microlith.demo;

import io.microlith.demo.views.ViewDatabase;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.TreeSet;

/**
 * Starts the demo: {@code java -jar microlith-demo.jar [--port=8080] [--data=./data] [--store=sqlite|memory|<setting>]
 * [--run=web,identity,email,orders,videos,users,views] [--bcrypt-cost=10] [--deadline-ms=5000] [--seal-key=<base64>]
 * [--transcode-ms=1000] [--admins=<e-mails>] [--transport=store|rabbitmq://...|kafka://...]}; each flag
 * can also be given as an environment variable ({@code MICROLITH_PORT}, {@code MICROLITH_DATA}, ...). {@code --help}
 * lists them. A start that fails (a bad flag or store, a port in use, a data folder held by another process) prints
 * one line and exits with code 1.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.print(DemoSettings.Flag.usage());
            return;
        }
        DemoSettings settings;
        DemoApp app;
        try {
            settings = DemoSettings.from(List.of(args), System.getenv());
            app = DemoApp.start(settings, null);
        } catch (RuntimeException e) {
            System.err.println("microlith-demo: " + reason(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        String where = settings.keepsNothing() ? "in memory (nothing is kept)"
                : settings.onPostgres() ? "on " + settings.storeSetting() + ", views in its schema " + ViewDatabase.POSTGRES_SCHEMA
                : "on " + settings.storeSetting() + ", views in " + settings.dataDir().toAbsolutePath().normalize();
        String through = settings.onBroker() ? ", consumers through " + app.microlith().transport().describe() : "";
        System.out.println("Microlith demo running " + where + through + ", roles "
                + String.join(",", new TreeSet<>(settings.run())));
        if (app.port() > 0) {
            System.out.println("Open " + app.url());
        } else {
            // without the web role no non-daemon thread is left (consumers run on virtual threads): the process
            // would end here. It runs until it is stopped; the shutdown hook closes the app.
            awaitShutdown();
        }
    }

    private static void awaitShutdown() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The failure's own words, and its causes' where they add something. */
    static String reason(Throwable failure) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && reason.indexOf(message) < 0) {
                reason.append(reason.isEmpty() ? "" : ": ").append(message);
            }
        }
        return reason.isEmpty() ? failure.getClass().getSimpleName() : reason.toString();
    }
}
