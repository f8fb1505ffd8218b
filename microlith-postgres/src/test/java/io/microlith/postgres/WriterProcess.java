package io.microlith.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microlith.message.MetadataJson;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.AppendConditionFailedException;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A separate JVM that writes for the tests: it opens its own {@link PostgresMessageStore} on the database
 * named by its argument and executes the write requests it reads from stdin, one JSON object per line,
 * concurrently, answering each on stdout. See {@link ProcessWriter} for the other side.
 */
public final class WriterProcess {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try (PostgresMessageStore store = PostgresMessageStore.open(PostgresSettings.parse(args[0]).withPoolSize(4));
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            out.println("{\"ready\":true}");
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode request = JSON.readTree(line);
                threads.submit(() -> {
                    String answer = answer(store, request);
                    synchronized (out) {
                        out.println(answer);
                    }
                });
            }
        } finally {
            threads.shutdown();
        }
    }

    private static String answer(PostgresMessageStore store, JsonNode request) {
        ObjectNode answer = JSON.createObjectNode().put("n", request.get("n").asLong());
        try {
            List<StreamWrite> writes = new ArrayList<>();
            for (JsonNode write : request.get("writes")) {
                List<NewMessage> messages = new ArrayList<>();
                for (JsonNode m : write.get("messages")) {
                    messages.add(new NewMessage(UUID.fromString(m.get("id").asText()), m.get("type").asText(),
                            m.get("data").asText(), MetadataJson.read(m.path("metadata").asText(null))));
                }
                JsonNode expected = write.get("expected");
                writes.add(new StreamWrite(StreamName.of(write.get("stream").asText()), messages,
                        expected.isNull() ? ExpectedVersion.any() : ExpectedVersion.exactly(expected.asLong()),
                        ProcessWriter.condition(write.path("condition"))));
            }
            ArrayNode results = answer.putArray("results");
            for (WriteResult result : store.write(writes)) {
                results.addObject().put("stream", result.streamName().value()).put("first", result.firstPosition())
                        .put("version", result.version()).put("gp", result.lastGlobalPosition());
            }
        } catch (ExpectedVersionException e) {
            answer.put("error", "expectedVersion").put("stream", e.streamName().value())
                    .put("expected", e.expected().asNullableLong()).put("actual", e.actual());
        } catch (AppendConditionFailedException e) {
            answer.put("error", "appendCondition").put("stream", e.streamName().value()).put("found", e.found());
        } catch (DuplicateMessageIdException e) {
            answer.put("error", "duplicate").put("id", e.messageId().toString());
        } catch (RuntimeException e) {
            answer.put("error", "other").put("message", e.toString());
        }
        return answer.toString();
    }
}
