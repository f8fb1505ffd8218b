package io.microlith.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microlith.message.MetadataJson;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.AppendCondition;
import io.microlith.store.AppendConditionFailedException;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.MessageQuery;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.MessageStoreException;
import io.microlith.store.MessageWriter;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** Writes through a {@link WriterProcess} running in a JVM of its own; many calls may be in flight. */
final class ProcessWriter implements MessageWriter, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Writer requests;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong numbers = new AtomicLong();
    private final Thread answers;

    ProcessWriter(String setting) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    WriterProcess.class.getName(), setting)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the writer process", e);
        }
        requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Void> ready = new CompletableFuture<>();
        answers = Thread.ofPlatform().daemon().name("writer-process-answers").start(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode answer = JSON.readTree(line);
                    if (answer.has("ready")) {
                        ready.complete(null);
                        continue;
                    }
                    CompletableFuture<JsonNode> future = pending.remove(answer.get("n").asLong());
                    if (future != null) {
                        future.complete(answer);
                    }
                }
            } catch (IOException e) {
                // The process ended; pending calls fail below.
            }
            IllegalStateException gone = new IllegalStateException("The writer process ended");
            ready.completeExceptionally(gone);
            pending.values().forEach(f -> f.completeExceptionally(gone));
        });
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("The writer process did not start", e);
        }
    }

    /** The process id of the writer JVM (to show it is another process). */
    long pid() {
        return process.pid();
    }

    @Override
    public List<WriteResult> write(List<StreamWrite> writes) {
        long n = numbers.incrementAndGet();
        ObjectNode request = JSON.createObjectNode().put("n", n);
        ArrayNode array = request.putArray("writes");
        for (StreamWrite write : writes) {
            ObjectNode w = array.addObject().put("stream", write.streamName().value());
            w.put("expected", write.expected().asNullableLong());
            if (write.condition() != null) {
                ObjectNode condition = w.putObject("condition").put("after", write.condition().after());
                ArrayNode items = condition.putArray("items");
                for (MessageQuery.Item item : write.condition().query().items()) {
                    ObjectNode i = items.addObject();
                    item.tags().forEach(i.putArray("tags")::add);
                    item.types().forEach(i.putArray("types")::add);
                    item.categories().forEach(i.putArray("categories")::add);
                }
            }
            ArrayNode messages = w.putArray("messages");
            for (NewMessage message : write.messages()) {
                messages.addObject().put("id", message.id().toString()).put("type", message.type())
                        .put("data", message.data()).put("metadata", MetadataJson.write(message.metadata()));
            }
        }
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        pending.put(n, future);
        try {
            synchronized (requests) {
                requests.write(request.toString());
                requests.write('\n');
                requests.flush();
            }
            return toResults(future.get(2, TimeUnit.MINUTES), writes);
        } catch (IOException | InterruptedException | ExecutionException | TimeoutException e) {
            throw new MessageStoreException("The writer process did not answer", e);
        }
    }

    /** The condition of a request's write, {@code null} when it has none. */
    static AppendCondition condition(JsonNode condition) {
        if (condition.isMissingNode() || condition.isNull()) {
            return null;
        }
        List<MessageQuery.Item> items = new ArrayList<>();
        for (JsonNode item : condition.get("items")) {
            items.add(new MessageQuery.Item(strings(item.path("tags")), strings(item.path("types")),
                    strings(item.path("categories"))));
        }
        return AppendCondition.noneMatchingAfter(new MessageQuery(items), condition.get("after").asLong());
    }

    private static java.util.Set<String> strings(JsonNode array) {
        java.util.Set<String> values = new java.util.HashSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<WriteResult> toResults(JsonNode answer, List<StreamWrite> writes) {
        if (answer.has("error")) {
            switch (answer.get("error").asText()) {
                case "appendCondition" -> {
                    StreamName stream = StreamName.of(answer.get("stream").asText());
                    AppendCondition condition = writes.stream().filter(w -> w.streamName().equals(stream) && w.condition() != null)
                            .findFirst().orElseThrow().condition();
                    throw new AppendConditionFailedException(stream, condition, answer.get("found").asLong());
                }
                case "expectedVersion" -> throw new ExpectedVersionException(StreamName.of(answer.get("stream").asText()),
                        ExpectedVersion.ofNullable(answer.get("expected").isNull() ? null : answer.get("expected").asLong()),
                        answer.get("actual").asLong());
                case "duplicate" -> throw new DuplicateMessageIdException(UUID.fromString(answer.get("id").asText()));
                default -> throw new MessageStoreException("In the writer process: " + answer.get("message").asText());
            }
        }
        List<WriteResult> results = new ArrayList<>();
        for (JsonNode r : answer.get("results")) {
            results.add(new WriteResult(StreamName.of(r.get("stream").asText()), r.get("first").asLong(),
                    r.get("version").asLong(), r.get("gp").asLong()));
        }
        return results;
    }

    @Override
    public void close() {
        try {
            requests.close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
