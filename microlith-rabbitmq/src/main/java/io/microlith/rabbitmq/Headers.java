package io.microlith.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.microlith.message.Message;

import java.util.Date;
import java.util.Map;

/** The AMQP properties of a relayed message: its id and type, and what a consumer needs before decoding it. */
final class Headers {
    static final String GLOBAL_POSITION = "x-microlith-global-position";
    static final String STREAM = "x-microlith-stream";
    /** Set by a relay on messages it may have published before its restart: the consumer checks its stored position. */
    static final String RESENT = "x-microlith-resent";

    private Headers() {
    }

    static AMQP.BasicProperties of(Message message, boolean resent) {
        return new AMQP.BasicProperties.Builder()
                .messageId(message.id().toString())
                .type(message.type())
                .contentType("application/json")
                .deliveryMode(2)
                .timestamp(Date.from(message.time()))
                .headers(Map.of(GLOBAL_POSITION, message.globalPosition(), STREAM, message.streamName().value(),
                        RESENT, resent))
                .build();
    }

    static boolean resent(AMQP.BasicProperties properties) {
        Map<String, Object> headers = properties.getHeaders();
        return headers != null && Boolean.TRUE.equals(headers.get(RESENT));
    }
}
