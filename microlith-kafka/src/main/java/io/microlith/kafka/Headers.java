package io.microlith.kafka;

import io.microlith.message.Message;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/** The headers of a relayed record: its type and global position, and whether it may have been published before. */
final class Headers {
    static final String TYPE = "microlith-type";
    static final String GLOBAL_POSITION = "microlith-global-position";
    /** Set by a relay on messages it may have published before its restart: the consumer checks its stored position. */
    static final String RESENT = "microlith-resent";

    private Headers() {
    }

    static RecordHeaders of(Message message, boolean resent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(TYPE, message.type().getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(GLOBAL_POSITION,
                Long.toString(message.globalPosition()).getBytes(StandardCharsets.UTF_8)));
        if (resent) {
            headers.add(new RecordHeader(RESENT, new byte[]{1}));
        }
        return headers;
    }

    static boolean resent(org.apache.kafka.common.header.Headers headers) {
        return headers.lastHeader(RESENT) != null;
    }

    static String text(org.apache.kafka.common.header.Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
