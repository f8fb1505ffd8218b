package io.microlith.http.live;

/** Where a subscriber's events go: a WebSocket session or an SSE stream. Called from one thread at a time. */
public interface LiveSink {

    /** Sends one event; a failure ends the subscription. */
    void send(LiveEvent event) throws Exception;

    /** Sends a keep-alive (WebSocket ping, SSE comment); a failure ends the subscription. */
    void heartbeat() throws Exception;

    /** Closes the connection, telling the client why when the protocol allows it. */
    void close(String reason);
}
