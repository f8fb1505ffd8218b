package io.microlith.http.live;

/**
 * A client asked for one more live stream than it may hold open at once ({@link LiveFeed#maxStreamsPerClient()}).
 * {@link LiveChannel} answers 429 before it opens the connection; this is thrown when a client's streams opened
 * side by side pass the limit between that check and the subscription, which is then not made.
 */
public final class TooManyLiveStreamsException extends RuntimeException {
    private final String client;
    private final int open;
    private final int max;

    public TooManyLiveStreamsException(String client, int open, int max) {
        super("Client " + client + " has " + open + " live streams open; at most " + max + " per client");
        this.client = client;
        this.open = open;
        this.max = max;
    }

    /** The client's address. */
    public String client() {
        return client;
    }

    /** How many streams it had open. */
    public int open() {
        return open;
    }

    /** The most one client may have open. */
    public int max() {
        return max;
    }
}
