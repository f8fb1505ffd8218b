package io.microlith.rabbitmq;

import io.microlith.testkit.transport.TransportContract;
import io.microlith.testkit.transport.TransportUnderTest;

class RabbitTransportContractTest extends TransportContract {
    @Override
    protected TransportUnderTest newProcess() {
        return new RabbitUnderTest();
    }
}
