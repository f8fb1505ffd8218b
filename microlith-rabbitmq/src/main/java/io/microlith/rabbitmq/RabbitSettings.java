package io.microlith.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;

/**
 * Where the broker is and how to wait for it, from a URL such as
 * {@code amqp://guest:guest@127.0.0.1:5672/%2F?exchange=microlith&startupWait=PT10S}.
 *
 * @param host        the broker's host
 * @param port        its AMQP port (5672 by default)
 * @param username    user (guest by default)
 * @param password    password (guest by default)
 * @param virtualHost the vhost ({@code /} by default; {@code %2F} in a URL)
 * @param exchange    the topic exchange the relay publishes to ({@code microlith} by default); everything this
 *                    transport declares is named after it, so two applications on one vhost keep apart by it
 * @param startupWait how long {@link RabbitTransport#connect} tries again while the broker is unreachable before it
 *                    fails with {@link RabbitUnavailableException} (10 s by default; 0 fails at once)
 */
public record RabbitSettings(String host, int port, String username, String password, String virtualHost,
                             String exchange, Duration startupWait) {

    public RabbitSettings {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("A port is between 1 and 65535, was " + port);
        }
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(virtualHost, "virtualHost");
        if (exchange == null || !exchange.matches("[A-Za-z0-9_.:-]{1,100}")) {
            throw new IllegalArgumentException("An exchange name is 1 to 100 of A-Z a-z 0-9 _ . : -, was '"
                    + exchange + "'");
        }
        Objects.requireNonNull(startupWait, "startupWait");
        if (startupWait.isNegative()) {
            throw new IllegalArgumentException("The start-up wait must not be negative, was " + startupWait);
        }
    }

    /** guest/guest on 127.0.0.1:5672, vhost {@code /}, exchange {@code microlith}, 10 s start-up wait. */
    public static RabbitSettings local() {
        return new RabbitSettings("127.0.0.1", 5672, "guest", "guest", "/", "microlith", Duration.ofSeconds(10));
    }

    /**
     * Parses {@code amqp://[user[:password]@]host[:port][/vhost][?exchange=name&startupWait=PT10S]}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RabbitSettings parse(String url) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(url, "url"));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("Not a RabbitMQ URL: '" + url + "': " + e.getMessage(), e);
        }
        if (!"amqp".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Expected amqp://[user:password@]host[:port][/vhost] but was '" + url + "'");
        }
        RabbitSettings settings = local();
        String user = settings.username;
        String password = settings.password;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        String path = uri.getRawPath();
        String vhost = path == null || path.isEmpty() || path.equals("/") ? "/" : decode(path.substring(1));
        String exchange = settings.exchange;
        Duration wait = settings.startupWait;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                String value = kv.length > 1 ? decode(kv[1]) : "";
                switch (kv[0]) {
                    case "exchange" -> exchange = value;
                    case "startupWait" -> wait = duration(value);
                    default -> throw new IllegalArgumentException("Unknown RabbitMQ setting '" + kv[0]
                            + "' in '" + url + "' (known: exchange, startupWait)");
                }
            }
        }
        return new RabbitSettings(uri.getHost(), uri.getPort() < 0 ? 5672 : uri.getPort(), user, password, vhost,
                exchange, wait);
    }

    public RabbitSettings withExchange(String name) {
        return new RabbitSettings(host, port, username, password, virtualHost, name, startupWait);
    }

    public RabbitSettings withStartupWait(Duration wait) {
        return new RabbitSettings(host, port, username, password, virtualHost, exchange, wait);
    }

    /** Where, for messages: {@code amqp://host:port/vhost}, without the password. */
    public String describe() {
        return "amqp://" + host + ":" + port + "/" + virtualHost;
    }

    /** A factory for this broker; handlers run on virtual threads, so a slow or retrying one blocks no other lane. */
    ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(5_000);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1_000);
        factory.setSharedExecutor(Executors.newVirtualThreadPerTaskExecutor());
        return factory;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** An ISO-8601 duration, as the PostgreSQL store's settings take ({@code PT10S}, {@code PT0.5S}). */
    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Expected an ISO-8601 duration such as PT10S but was '" + text + "'", e);
        }
    }
}
