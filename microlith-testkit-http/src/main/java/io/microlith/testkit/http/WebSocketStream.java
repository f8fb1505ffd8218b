package io.microlith.testkit.http;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An open WebSocket whose text messages are queued until a test takes them. */
public final class WebSocketStream implements AutoCloseable {
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile WebSocket socket;

    WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete("error " + error);
            }
        };
    }

    void opened(WebSocket socket) {
        this.socket = socket;
    }

    /** The next text message, waiting at most {@code timeout}; fails the test when none arrives. */
    public String next(Duration timeout) {
        try {
            String message = messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("No WebSocket message within " + timeout.toMillis() + " ms"
                        + (closed.isDone() ? "; the socket closed: " + closed.getNow("") : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for a WebSocket message", e);
        }
    }

    /** The next text message if one arrives within {@code timeout}, else {@code null}. */
    public String poll(Duration timeout) {
        try {
            return messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for a WebSocket message", e);
        }
    }

    /** Whether the server closed the socket, and why ({@code "code reason"}), once it has. */
    public CompletableFuture<String> closed() {
        return closed;
    }

    @Override
    public void close() {
        WebSocket open = socket;
        if (open != null && !open.isOutputClosed()) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "test done").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        if (open != null) {
            open.abort();
        }
    }
}
