package io.microlith.kafka;

import io.microlith.testkit.transport.TransportContract;
import io.microlith.testkit.transport.TransportUnderTest;

class KafkaTransportContractTest extends TransportContract {
    @Override
    protected TransportUnderTest newProcess() {
        return new KafkaUnderTest();
    }
}
