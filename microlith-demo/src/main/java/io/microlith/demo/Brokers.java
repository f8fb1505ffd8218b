package io.microlith.demo;

import io.microlith.Microlith;
import io.microlith.bus.Routes;
import io.microlith.consumer.BrokerTransport;
import io.microlith.kafka.KafkaTransport;
import io.microlith.rabbitmq.RabbitTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The demo's broker, from {@code --transport} (decision 0093): the connection every consumer receives through, and the
 * relays of the {@code relay} role. Nothing in the features knows of it.
 */
final class Brokers {
    private Brokers() {
    }

    /**
     * Connects to the broker the settings name, trying again for its {@code startupWait} (10 s by default).
     *
     * @throws io.microlith.rabbitmq.RabbitUnavailableException or {@link io.microlith.kafka.KafkaUnavailableException}
     *                                                          naming the broker, when it cannot be reached in time
     */
    static BrokerTransport connect(DemoSettings settings) {
        return settings.onRabbit() ? RabbitTransport.connect(settings.brokerSetting())
                : KafkaTransport.connect(settings.brokerSetting());
    }

    /** Every category the application routes messages to: all that any process's consumers may read. */
    static Set<String> relayed(Routes routes) {
        Set<String> categories = new TreeSet<>();
        for (Routes.Route<?> route : routes.all()) {
            categories.add(route.category());
        }
        return categories;
    }

    /** Starts a relay of every routed category; the caller closes them before the transport. */
    static List<BrokerTransport.Relaying> startRelays(Microlith microlith) {
        List<BrokerTransport.Relaying> relays = new ArrayList<>();
        try {
            for (String category : relayed(microlith.routes())) {
                relays.add(microlith.transport().startRelay(microlith.store(), category));
            }
            return relays;
        } catch (RuntimeException e) {
            relays.forEach(BrokerTransport.Relaying::close);
            throw e;
        }
    }
}
