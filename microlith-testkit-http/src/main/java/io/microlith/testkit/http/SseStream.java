package io.microlith.testkit.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A Server-Sent-Events stream being read by {@link HttpTestClient#sse}: events are parsed as they
 * arrive and queued until a test takes them. Comments (heartbeats) are skipped.
 */
public final class SseStream implements AutoCloseable {
    /** One event: its {@code event:} name ({@code message} when absent), {@code id:} and joined {@code data:} lines. */
    public record Event(String type, String id, String data) {
    }

    private final int status;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicReference<Stream<String>> lines = new AtomicReference<>();
    private final Thread reader;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    SseStream(int status, Stream<String> lineStream) {
        this.status = status;
        this.lines.set(lineStream);
        this.reader = Thread.ofVirtual().name("sse-test-reader").start(() -> read(lineStream));
    }

    /** The HTTP status the stream was opened with. */
    public int status() {
        return status;
    }

    /** The next event, waiting at most {@code timeout}; fails the test when none arrives. */
    public Event next(Duration timeout) {
        try {
            Event event = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("No server-sent event within " + timeout.toMillis() + " ms");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for a server-sent event", e);
        }
    }

    /** The next event if one arrives within {@code timeout}, else {@code null}. */
    public Event poll(Duration timeout) {
        try {
            return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for a server-sent event", e);
        }
    }

    /** The next event whose type is {@code type}, skipping others, within {@code timeout} overall. */
    public Event next(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event.type().equals(type)) {
                return event;
            }
        }
    }

    private void read(Stream<String> lineStream) {
        String type = null;
        String id = null;
        StringBuilder data = null;
        try {
            for (String line : (Iterable<String>) lineStream::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(type == null ? "message" : type, id, data.toString()));
                    }
                    type = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    continue;
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        } catch (RuntimeException closed) {
            // The stream ends when the test closes it or the server goes away.
        } finally {
            ended.complete(null);
        }
    }

    /** Completes when the stream has ended: the server closed it, or the test did. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public void close() {
        Stream<String> stream = lines.getAndSet(null);
        if (stream != null) {
            stream.close();
        }
        reader.interrupt();
    }
}
