package io.microlith.postgres;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of PostgreSQL that can lose an acknowledgement: once armed, it lets the next query
 * that returns rows run to completion on the server (up to ReadyForQuery, so its transaction has committed)
 * but cuts the connection before the client receives the end of the answer. The client then sees an I/O
 * error for a write that is in fact stored, the case idempotent retries must get right.
 *
 * <p>It reads the server's side of the protocol (type byte, length, body), so the client must not use SSL
 * ({@code sslmode=disable}).
 */
final class AckDroppingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final AtomicBoolean armed = new AtomicBoolean();
    /** Answers to let through before the one to drop, once armed. */
    private final AtomicInteger skip = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile boolean closed;

    AckDroppingProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("proxy-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Drop the answer to the next query that returns rows. */
    void arm() {
        arm(0);
    }

    /** Let {@code skipped} answers to queries that return rows through, then drop the next one. */
    void arm(int skipped) {
        skip.set(skipped);
        armed.set(true);
    }

    /** How many answers were dropped so far. */
    int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().name("proxy-up").start(() -> pump(client, target));
                Thread.ofPlatform().daemon().name("proxy-down").start(() -> answers(target, client));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("proxy: " + e);
                }
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // One side closed.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Server to client, message by message. */
    private void answers(Socket server, Socket client) {
        try (DataInputStream in = new DataInputStream(server.getInputStream()); OutputStream out = client.getOutputStream()) {
            boolean dropping = false;
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                if (!dropping && type == 'C' && armed.get()
                        && new String(body, StandardCharsets.US_ASCII).startsWith("SELECT")) {
                    dropping = skip.getAndDecrement() <= 0;
                }
                if (dropping) {
                    if (type == 'Z') {
                        // The server is ready for the next query: the transaction has committed. Cut.
                        armed.set(false);
                        dropped.incrementAndGet();
                        return;
                    }
                    continue;
                }
                out.write(type);
                out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
                out.write(body);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (EOFException ignored) {
            // Server closed.
        } catch (IOException ignored) {
            // One side closed.
        } finally {
            closeQuietly(server);
            closeQuietly(client);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
