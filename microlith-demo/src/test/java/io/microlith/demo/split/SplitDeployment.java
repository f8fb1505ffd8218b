package io.microlith.demo.split;

import io.microlith.demo.DemoSettings;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.TestBrokers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo split over processes of its built jar on one PostgreSQL database, as the README's "Split deployment"
 * starts it by hand: {@code web} (once or more, each on its own port), the components
 * ({@value #COMPONENT_ROLES}) and the aggregators ({@code views}); with a broker in the settings
 * ({@code --transport}), every process receives through it.
 */
public final class SplitDeployment implements AutoCloseable {
    /**
     * The roles of the components process: every role that handles commands, and the relay (which does nothing on the
     * store as transport). With a broker the relay starts after the components' consumers, and this process after the
     * aggregators': on RabbitMQ a consumer receives only what is published once its queues exist (decision 0093).
     */
    public static final String COMPONENT_ROLES = "identity,orders,email,videos,users,relay";

    private final List<DemoProcess> webs;
    private final DemoProcess components;
    private final DemoProcess views;
    private final DemoSettings settings;

    private SplitDeployment(List<DemoProcess> webs, DemoProcess components, DemoProcess views, DemoSettings settings) {
        this.webs = webs;
        this.components = components;
        this.views = views;
        this.settings = settings;
    }

    /**
     * Starts the aggregators, the components, then {@code webProcesses} web processes, with the flags that
     * {@code settings} stand for (its store must be on PostgreSQL).
     */
    public static SplitDeployment start(DemoSettings settings, int webProcesses) {
        if (!settings.onPostgres()) {
            throw new IllegalArgumentException("A split deployment needs a store on PostgreSQL, not " + settings.storeSetting());
        }
        List<String> common = flags(settings);
        List<DemoProcess> started = new ArrayList<>();
        try {
            DemoProcess views = started(started, DemoProcess.start("views", with(common, "--run=views")));
            DemoProcess components = started(started, DemoProcess.start("components", with(common, "--run=" + COMPONENT_ROLES)));
            List<DemoProcess> webs = new ArrayList<>();
            for (int i = 0; i < webProcesses; i++) {
                webs.add(started(started, DemoProcess.start("web" + i, with(common, "--run=web"))));
            }
            return new SplitDeployment(webs, components, views, settings);
        } catch (RuntimeException e) {
            started.reversed().forEach(DemoProcess::close);
            throw e;
        }
    }

    private static DemoProcess started(List<DemoProcess> started, DemoProcess process) {
        started.add(process);
        return process;
    }

    /** The flags every process gets: the settings' store, costs, deadlines and edges, and one seal key. */
    static List<String> flags(DemoSettings settings) {
        List<String> flags = new ArrayList<>(List.of("--store=" + settings.storeSetting(), "--host=" + settings.host(),
                "--bcrypt-cost=" + settings.bcryptCost(), "--deadline-ms=" + settings.deadline().toMillis(),
                "--transcode-ms=" + settings.transcodeDelay().toMillis(),
                "--seal-key=" + (settings.sealKey() != null ? settings.sealKey() : DemoTesting.SEAL_KEY),
                "--session-idle-minutes=" + settings.sessionIdle().toMinutes(),
                "--session-max-minutes=" + settings.sessionMax().toMinutes(),
                "--max-pending=" + settings.web().maxPending(), "--trust-proxy=" + settings.web().trustProxy(),
                "--orders-per-second=" + settings.web().ordersPerSecond()));
        if (!settings.admins().isEmpty()) {
            flags.add("--admins=" + String.join(",", settings.admins()));
        }
        if (settings.onBroker()) {
            flags.add("--transport=" + settings.transport());
        }
        if (!settings.web().allowedOrigins().isEmpty()) {
            flags.add("--allowed-origins=" + String.join(",", settings.web().allowedOrigins()));
        }
        return flags;
    }

    private static List<String> with(List<String> flags, String more) {
        List<String> all = new ArrayList<>(flags);
        all.add(more);
        return all;
    }

    /** The {@code i}-th web process (0-based). */
    public DemoProcess web(int i) {
        return webs.get(i);
    }

    public DemoProcess components() {
        return components;
    }

    public DemoProcess views() {
        return views;
    }

    /** The mail the components process "sends" (its email role's outbox). */
    public Path outbox() {
        return components.data().resolve("outbox.txt");
    }

    /** Stops the web processes, then the components, then the aggregators (each with SIGTERM). */
    @Override
    public void close() {
        List<DemoProcess> all = new ArrayList<>(webs);
        all.add(components);
        all.add(views);
        for (DemoProcess process : all) {
            try {
                process.close();
            } catch (RuntimeException e) {
                System.err.println("Could not stop " + process + ": " + e.getMessage());
            }
        }
        if (settings.onBroker() && settings.onRabbit()) {
            TestBrokers.deleteRabbitQueues(settings.transport());
        }
    }
}
