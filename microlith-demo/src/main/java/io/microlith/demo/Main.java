package io.microlith.demo;

import java.util.List;

/**
 * Starts the demo: {@code java -jar microlith-demo.jar [--port=8080] [--data=./data] [--store=sqlite|memory]
 * [--run=web,identity,email,orders,views] [--bcrypt-cost=10] [--deadline-ms=5000]}; each flag can also be
 * given as an environment variable ({@code MICROLITH_PORT}, {@code MICROLITH_DATA}, ...).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println("""
                    Usage: java -jar microlith-demo.jar [options]
                      --port=8080          HTTP port (env MICROLITH_PORT or PORT); 0 picks a free one
                      --host=0.0.0.0       address to listen on (env MICROLITH_HOST)
                      --data=./data        folder of the store, the views and the mail outbox (env MICROLITH_DATA)
                      --store=sqlite       sqlite (kept in --data) or memory (env MICROLITH_STORE)
                      --run=web,identity,email,orders,views   roles of this process (env MICROLITH_RUN)
                      --bcrypt-cost=10     bcrypt cost factor (env MICROLITH_BCRYPT_COST)
                      --deadline-ms=5000   how long routes wait for an outcome before 504 (env MICROLITH_DEADLINE_MS)""");
            return;
        }
        DemoSettings settings = DemoSettings.from(List.of(args), System.getenv());
        DemoApp app = DemoApp.start(settings, null);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "shutdown"));
        String where = settings.store().equals("memory") ? "in memory (nothing is kept)"
                : "in " + settings.dataDir().toAbsolutePath().normalize();
        System.out.println("Microlith demo running " + where + ", roles " + String.join(",", new java.util.TreeSet<>(settings.run())));
        if (app.port() > 0) {
            System.out.println("Open " + app.url());
        }
    }
}
