package io.microlith.demo.split;

import io.microlith.demo.DemoSettings;
import io.microlith.demo.DemoTesting;
import io.microlith.demo.TestBrokers;
import io.microlith.demo.TestKafka;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The broker goes away mid-run and comes back, while orders and registrations pour in through the split deployment
 * (web, components with the relay, aggregators on PostgreSQL): no acknowledged command or event is lost, no effect is
 * duplicated (no order numbered twice, no e-mail sent twice), and the consumers catch up ({@link FaultRun}).
 *
 * <p>RabbitMQ is the machine's, shared with other tests: it is not stopped; the processes reach it through a
 * {@link TcpProxy} that is cut (every connection closed, connecting refused) and restored. Kafka is this run's own
 * ({@link TestKafka}): killed with SIGKILL and started again on the same ports and data.
 */
class BrokerFaultsIT {

    @Test
    void cutting_rabbitmq_off_and_back_loses_no_acknowledged_command_and_duplicates_no_effect() throws Exception {
        URI rabbit = URI.create(TestBrokers.RABBIT);
        String direct = TestBrokers.rabbitTransport();
        try (TcpProxy proxy = TcpProxy.to(rabbit.getHost(), rabbit.getPort() < 0 ? 5672 : rabbit.getPort())) {
            String proxied = direct.replace(rabbit.getHost() + ":" + (rabbit.getPort() < 0 ? 5672 : rabbit.getPort()),
                    "127.0.0.1:" + proxy.port());
            DemoSettings settings = DemoTesting.settings().withDeadline(Duration.ofSeconds(20)).withTransport(proxied);
            FaultRun.exercise(settings, List.of(
                    split -> proxy.cut(), // commands are stored meanwhile; nothing is relayed or delivered
                    split -> {
                        Thread.sleep(3_000);
                        proxy.restore();
                    }));
        } finally {
            TestBrokers.deleteRabbitQueues(direct);
        }
    }

    @Test
    void killing_kafka_and_starting_it_again_loses_no_acknowledged_command_and_duplicates_no_effect() throws Exception {
        DemoSettings settings = DemoTesting.settings().withDeadline(Duration.ofSeconds(20)).withTransport(TestKafka.transport());
        FaultRun.exercise(settings, List.of(
                split -> TestKafka.kill(),
                split -> {
                    Thread.sleep(3_000);
                    TestKafka.restart();
                }));
    }
}
