package io.microlith.store.copy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.microlith.message.Message;
import io.microlith.message.MetadataJson;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A running SHA-256 over messages in global order, and their count: two stores hold the same messages exactly when
 * their checksums are equal. Each message counts with its id, stream, type, position, global position, time (to the
 * microsecond, what every store keeps) and its data and metadata as <em>canonical</em> JSON (keys sorted, numbers
 * without trailing zeros), because PostgreSQL's {@code jsonb} reorders keys and drops whitespace.
 */
public final class MessageChecksum {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final MessageDigest digest;
    private long count;

    public MessageChecksum() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    /** Adds the next message (in global order). */
    public void add(Message message) {
        digest.update(canonical(message).getBytes(StandardCharsets.UTF_8));
        count++;
    }

    /** How many messages were added. */
    public long count() {
        return count;
    }

    /** The checksum so far, as hexadecimal (the digest is copied: adding may go on). */
    public String value() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests can be cloned", e);
        }
    }

    /** One message as one line of text that is equal for equal messages, whichever store they were read from. */
    public static String canonical(Message message) {
        Instant time = message.time();
        long micros = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
        String metadata = MetadataJson.write(message.metadata());
        return message.id() + "\u001f" + message.streamName().value() + "\u001f" + message.type() + "\u001f"
                + message.position() + "\u001f" + message.globalPosition() + "\u001f" + micros + "\u001f"
                + canonicalJson(message.data()) + "\u001f" + (metadata == null ? "null" : canonicalJson(metadata)) + "\n";
    }

    /** JSON text with object keys sorted, no whitespace, and numbers written plainly; the text itself if it is no JSON. */
    static String canonicalJson(String text) {
        try {
            StringBuilder out = new StringBuilder(text.length());
            write(JSON.readTree(text), out);
            return out.toString();
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                out.append(i == 0 ? "" : ",").append(new TextNode(names.get(i))).append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            BigDecimal number = node.decimalValue();
            out.append(number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString());
        } else {
            out.append(node); // strings (quoted and escaped alike) and booleans
        }
    }
}
