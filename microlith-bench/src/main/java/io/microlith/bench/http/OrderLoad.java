package io.microlith.bench.http;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for the demo's orders (JDK only, so it runs as a single source file):
 *
 * <pre>
 *   java microlith-bench/src/main/java/io/microlith/bench/http/OrderLoad.java setup   http://127.0.0.1:8080
 *   java microlith-bench/src/main/java/io/microlith/bench/http/OrderLoad.java latency http://127.0.0.1:8080 [orders] [rate/s]
 *   java microlith-bench/src/main/java/io/microlith/bench/http/OrderLoad.java backlog http://127.0.0.1:8080 [seconds] [connections]
 *   java microlith-bench/src/main/java/io/microlith/bench/http/OrderLoad.java roundtrip http://127.0.0.1:8080 [commands] [clients]
 * </pre>
 *
 * {@code setup} registers a seller and a customer, adds a product and prints {@code SESSION=...} and
 * {@code PRODUCT=...} for wrk's {@code post-order.lua}. {@code latency} logs a new customer in, opens the
 * {@code /order-events} WebSocket and places orders (one at a time when no rate is given, else at a
 * fixed rate over 16 connections, timed from when each order was due), timing from just before each
 * {@code POST /order} to the WebSocket notification of its pending view and of its placed view; it
 * prints p50, p90, p99 and max. {@code backlog} places orders as fast as {@code connections} clients can for
 * {@code seconds}, and prints each second how many were accepted (202), refused (503: back-pressure) and processed (an
 * outcome notified over {@code /order-events}), then the backlog when the load stopped and how long it took to drain.
 * {@code roundtrip} times command round trips: {@code POST /product} answers 201 only once the catalog component has
 * decided (the web writes the command, the component's process handles it, the web sees the outcome), each client one
 * at a time; it prints the latencies and the round trips per second over all clients.
 */
public final class OrderLoad {
    private static final Pattern ORDER_ID = Pattern.compile("\"data\":\\{\"id\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");
    private static final Pattern JSON_ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private final URI base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    OrderLoad(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).version(HttpClient.Version.HTTP_1_1).build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: OrderLoad setup|latency <base-url> [orders] [rate/s]");
            System.exit(2);
        }
        URI base = URI.create(args[1]);
        switch (args[0]) {
            case "setup" -> setup(base);
            case "latency" -> latency(base, args.length > 2 ? Integer.parseInt(args[2]) : 2000,
                    args.length > 3 ? Integer.parseInt(args[3]) : 0);
            case "roundtrip" -> roundTrip(base, args.length > 2 ? Integer.parseInt(args[2]) : 1000,
                    args.length > 3 ? Integer.parseInt(args[3]) : 1);
            case "backlog" -> backlog(base, args.length > 2 ? Integer.parseInt(args[2]) : 20,
                    args.length > 3 ? Integer.parseInt(args[3]) : 64);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static void setup(URI base) throws Exception {
        String product = new OrderLoad(base).seller();
        OrderLoad customer = new OrderLoad(base);
        customer.login("customer");
        System.out.println("SESSION=" + customer.session());
        System.out.println("PRODUCT=" + product);
    }

    static void latency(URI base, int orders, int rate) throws Exception {
        String product = new OrderLoad(base).seller();
        OrderLoad customer = new OrderLoad(base);
        customer.login("customer");
        String body = "{\"products\":[{\"productId\":\"" + product + "\",\"price\":2.5}]}";

        // Arrival times by order id, kept whether or not the POST's answer (with the id) was read yet.
        Map<String, Long> pendingAt = new ConcurrentHashMap<>();
        Map<String, Long> placedAt = new ConcurrentHashMap<>();
        WebSocket socket = customer.http.newWebSocketBuilder()
                .header("Cookie", "microlith_session=" + customer.session())
                .buildAsync(URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/order-events"), new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        long now = System.nanoTime();
                        partial.append(data);
                        if (last) {
                            String text = partial.toString();
                            partial.setLength(0);
                            Matcher id = ORDER_ID.matcher(text);
                            Matcher status = STATUS.matcher(text);
                            if (id.find() && status.find()) {
                                (status.group(1).equals("pending") ? pendingAt : placedAt).putIfAbsent(id.group(1), now);
                            }
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
        Thread.sleep(200);

        int total = orders + 200; // the first 200 warm the JIT and are not counted
        String[] ids = new String[total];
        long[] sentAt = new long[total];
        long interval = rate > 0 ? 1_000_000_000L / rate : 0;
        long start = System.nanoTime();
        int[] failures = {0};
        if (rate > 0) {
            // Open loop on a bounded set of connections: order i is due at start + i * interval, and its
            // time is counted from when it was due (a late send counts its wait; no coordinated omission).
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < 16; s++) {
                senders.add(Thread.ofVirtual().start(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < total) {
                        long due = start + n * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        sentAt[n] = due;
                        try {
                            ids[n] = customer.placeOrder(body);
                        } catch (Exception e) {
                            synchronized (failures) {
                                failures[0]++;
                            }
                        }
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join();
            }
        } else {
            for (int n = 0; n < total; n++) {
                sentAt[n] = System.nanoTime();
                ids[n] = customer.placeOrder(body);
                // One at a time: wait for this order's outcome before the next.
                while (!placedAt.containsKey(ids[n])) {
                    Thread.onSpinWait();
                    if (System.nanoTime() - sentAt[n] > TimeUnit.MINUTES.toNanos(1)) {
                        throw new IllegalStateException("no outcome for order " + n + " within a minute");
                    }
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (placedAt.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long elapsed = System.nanoTime() - start;
        socket.abort();
        long[] pending = new long[orders];
        long[] placed = new long[orders];
        for (int i = 200; i < total; i++) {
            pending[i - 200] = ids[i] == null ? 0 : pendingAt.getOrDefault(ids[i], sentAt[i]) - sentAt[i];
            placed[i - 200] = ids[i] == null ? 0 : placedAt.getOrDefault(ids[i], sentAt[i]) - sentAt[i];
        }
        if (failures[0] > 0) {
            System.out.println("WARNING: " + failures[0] + " POST /order failed");
        }
        report("POST /order -> pending view notified", pending);
        report("POST /order -> placed view notified ", placed);
        System.out.printf("orders: %d measured (%s), elapsed %.1f s%n", orders,
                rate > 0 ? rate + "/s open loop" : "one at a time", elapsed / 1e9);
    }

    static void backlog(URI base, int seconds, int connections) throws Exception {
        String product = new OrderLoad(base).seller();
        OrderLoad customer = new OrderLoad(base);
        customer.login("customer");
        String body = "{\"products\":[{\"productId\":\"" + product + "\",\"price\":2.5}]}";
        java.util.Set<String> processed = ConcurrentHashMap.newKeySet();
        WebSocket socket = customer.outcomes(processed);
        java.util.concurrent.atomic.LongAdder accepted = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder failed = new java.util.concurrent.atomic.LongAdder();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            senders.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        int status = customer.http.send(customer.post("/order", body), HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status == 202 ? accepted : status == 503 ? refused : failed).increment();
                        if (status == 503) {
                            Thread.sleep(50); // a client that honours Retry-After would wait longer
                        }
                    } catch (Exception e) {
                        failed.increment();
                    }
                }
            }));
        }
        System.out.println("second  accepted/s  refused/s  processed/s  backlog");
        long lastAccepted = 0;
        long lastRefused = 0;
        long lastProcessed = 0;
        for (int second = 1; second <= seconds; second++) {
            LockSupport.parkNanos(start + TimeUnit.SECONDS.toNanos(second) - System.nanoTime());
            long a = accepted.sum();
            long r = refused.sum();
            long p = processed.size();
            System.out.printf("%6d  %10d  %9d  %11d  %7d%n", second, a - lastAccepted, r - lastRefused, p - lastProcessed, a - p);
            lastAccepted = a;
            lastRefused = r;
            lastProcessed = p;
        }
        for (Thread sender : senders) {
            sender.join();
        }
        long stopped = System.nanoTime();
        long backlogAtStop = accepted.sum() - processed.size();
        long drainDeadline = stopped + TimeUnit.MINUTES.toNanos(5);
        while (processed.size() < accepted.sum() && System.nanoTime() < drainDeadline && !socket.isInputClosed()) {
            Thread.sleep(10);
        }
        double drained = (System.nanoTime() - stopped) / 1e9;
        socket.abort();
        System.out.printf("load: %d s on %d connections: accepted %d (%.0f/s), refused with 503 %d, failed %d%n", seconds,
                connections, accepted.sum(), accepted.sum() / (double) seconds, refused.sum(), failed.sum());
        System.out.printf("processed %d (%.0f/s while loading); backlog when the load stopped %d, drained in %.1f s%s%n",
                processed.size(), lastProcessed / (double) seconds, backlogAtStop, drained,
                processed.size() < accepted.sum() ? " (NOT drained: " + (accepted.sum() - processed.size()) + " left)" : "");
    }

    /** Opens {@code /order-events} and adds the id of each order whose outcome (placed or rejected) is notified. */
    WebSocket outcomes(java.util.Set<String> processed) {
        return http.newWebSocketBuilder()
                .header("Cookie", "microlith_session=" + session())
                .buildAsync(URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/order-events"), new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            Matcher id = ORDER_ID.matcher(partial);
                            Matcher status = STATUS.matcher(partial);
                            if (id.find() && status.find() && !status.group(1).equals("pending")) {
                                processed.add(id.group(1));
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    // The server drops a live client that falls too far behind (LiveFeed: "too slow"); then the
                    // processed count stops growing although the orders are processed: say so, not "not drained".
                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        System.out.printf("(the live channel was closed by the server: %d %s; processed counts stop here)%n",
                                code, reason);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        System.out.println("(the live channel failed: " + error + "; processed counts stop here)");
                    }
                }).join();
    }

    static void roundTrip(URI base, int commands, int clients) throws Exception {
        long[] nanos = new long[commands];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<OrderLoad> sellers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            OrderLoad seller = new OrderLoad(base);
            seller.login("seller");
            sellers.add(seller);
        }
        long start = System.nanoTime();
        for (OrderLoad seller : sellers) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < commands; i = next.getAndIncrement()) {
                    String body = "{\"name\":\"Round trip " + UUID.randomUUID() + "\",\"price\":1.5}";
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> added = seller.http.send(seller.post("/product", body),
                                HttpResponse.BodyHandlers.discarding());
                        if (added.statusCode() == 201) {
                            nanos[i] = System.nanoTime() - t0;
                        }
                    } catch (Exception e) {
                        // counted as missed
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report("POST /product round trip (" + clients + " clients)", nanos);
        System.out.printf("round trips: %d in %.1f s, %.0f/s%n", Arrays.stream(nanos).filter(n -> n > 0).count(),
                seconds, Arrays.stream(nanos).filter(n -> n > 0).count() / seconds);
    }

    static void report(String what, long[] nanos) {
        long[] seen = Arrays.stream(nanos).filter(n -> n > 0).sorted().toArray();
        if (seen.length == 0) {
            System.out.println(what + ": no samples");
            return;
        }
        System.out.printf("%s: n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms (missed %d)%n", what, seen.length,
                pct(seen, 0.50), pct(seen, 0.90), pct(seen, 0.99), seen[seen.length - 1] / 1e6, nanos.length - seen.length);
    }

    static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** POSTs an order and returns its id, from the Location header. */
    String placeOrder(String body) throws Exception {
        HttpResponse<Void> answer = http.send(post("/order", body), HttpResponse.BodyHandlers.discarding());
        String location = answer.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("POST /order answered " + answer.statusCode()));
        return location.substring("/order/".length());
    }

    String seller() throws Exception {
        login("seller");
        String name = "Bench tea " + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> added = http.send(post("/product", "{\"name\":\"" + name + "\",\"price\":2.5}"),
                HttpResponse.BodyHandlers.ofString());
        // a run started while the previous one's backlog drains is refused by back-pressure until it has
        for (int waited = 0; added.statusCode() == 503 && waited < 120; waited++) {
            Thread.sleep(1000);
            added = http.send(post("/product", "{\"name\":\"" + name + "\",\"price\":2.5}"),
                    HttpResponse.BodyHandlers.ofString());
        }
        if (added.statusCode() != 201) {
            throw new IllegalStateException("POST /product answered " + added.statusCode() + " " + added.body());
        }
        Matcher id = JSON_ID.matcher(added.body());
        id.find();
        // Wait until the orders component can see the product (it reads the product stream).
        Thread.sleep(200);
        return id.group(1);
    }

    void login(String role) throws Exception {
        String email = role + "-" + UUID.randomUUID() + "@example.org";
        String credentials = "{\"email\":\"" + email + "\",\"password\":\"bench-pass-1\",\"role\":\"" + role + "\"}";
        HttpResponse<String> registered = http.send(post("/auth/register", credentials), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> login = http.send(post("/auth/login", credentials), HttpResponse.BodyHandlers.ofString());
        if (registered.statusCode() != 201 || login.statusCode() != 200) {
            throw new IllegalStateException("register/login answered " + registered.statusCode() + "/" + login.statusCode());
        }
    }

    String session() {
        return cookies.getCookieStore().get(base).stream().filter(c -> c.getName().equals("microlith_session"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
    }

    HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
