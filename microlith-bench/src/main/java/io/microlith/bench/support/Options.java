package io.microlith.bench.support;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --key=value} and {@code --flag} arguments; asking for an option marks it as known. */
public final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    public Options(List<String> args) {
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Options look like --key=value, got '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            if (equals < 0) {
                values.put(arg.substring(2), "true");
            } else {
                values.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
        }
    }

    public String string(String key, String fallback) {
        used.add(key);
        return values.getOrDefault(key, fallback);
    }

    public int integer(String key, int fallback) {
        String value = string(key, null);
        return value == null ? fallback : Integer.parseInt(value);
    }

    public Duration seconds(String key, double fallback) {
        String value = string(key, null);
        double seconds = value == null ? fallback : Double.parseDouble(value);
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(string(key, "false"));
    }

    /** Fails on options nobody asked for (typos), listing the known ones. */
    public void requireAllUsed() {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown option(s) " + unknown + "; known: " + used);
        }
    }
}
