package io.microlith.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JsonCheck} may only say "well-formed" where Jackson agrees, and {@link Json#requireWellFormed} must give
 * exactly Jackson's verdict and message: checked on a table of grammar corners and on random mutated texts.
 */
class JsonCheckTest {

    /** The check as it was before {@link JsonCheck}: Jackson alone. Null when accepted, else the message. */
    static String jacksonComplaint(String text) {
        try (JsonParser parser = Json.factory().createParser(text)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() == null) {
                return "Invalid JSON in x: no value";
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return "Invalid JSON in x: more than one value";
            }
            return null;
        } catch (JsonProcessingException e) {
            return "Invalid JSON in x: " + e.getOriginalMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String complaint(String text) {
        try {
            Json.requireWellFormed(text, "x");
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "1", "-1", "1234567890", "1.5", "-1.5e10", "1E+2", "1e-2", "0e5", "0.0",
            "-0.0E-0", "true", "false", "null", "\"\"", "\"abc\"", "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u12aF\"",
            "{}", "[]", " \t\n\r{} \t\n\r", "[1,2,3]", "[ [ ] , { } ]", "{\"a\":1}", "{ \"a\" : 1 , \"b\" : [ ] }",
            "{\"amount\":1234,\"currency\":\"EUR\",\"note\":\"benchmark deposit\"}",
            "{\"a\":{\"a\":1},\"b\":[{\"a\":2},{\"a\":3}]}", "{\"a\":1,\"a \":2,\"A\":3,\"\":4}",
            "\"\u007f\"", "\"é€\"", "\"\uD83D\uDE00\"", "\"\uD800\"", "{\"é\":1,\"e\":2,\"\uD83D\uDE00\":3}",
            "{\"s\":\"\\\"}\\\\\",\"t\":\"{\\\"s\\\":1}\",\"s2\":1}", "[true,false,null,\"\",0]"})
    void accepts_quickly_what_jackson_accepts(String text) {
        assertThat(JsonCheck.certainlyWellFormed(text)).isTrue();
        assertThat(jacksonComplaint(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t", "1 2", "{}{}", "[] 1", "01", "-01", "00", "-", "1.", ".5", "1e", "1e+",
            "+1", "1.e5", "0x10", "1_000", "\"\\x\"", "\"\\u12G4\"", "\"\\u12\"", "\"\\", "\"a\u0001b\"", "\"a\nb\"",
            "\"a\tb\"", "\"abc", "{\"a\":1,\"a\":2}", "[{\"o\":{\"b\":true,\"c\":0,\"b\":false}}]",
            "{\"x\":{\"y\":{\"z\":1,\"z\":2}}}", "{\"a\":[1,{\"b\":2}],\"c\":{\"d\":3},\"a\":4}",
            "{\"a\":1,\"\\u0061\":2}", "{\"\\n\":1,\"\\u000a\":2}", "[1,]", "{\"a\":1,}", "{,}", "[,]", "[,1]", "tru",
            "nulll", "True", "NaN", "-Infinity", "'a'", "{a:1}", "{'a':1}", "[1 2]", "{\"a\" 1}", "{\"a\":}",
            "{\"a\"}", "{1:2}", "\uFEFF{}", "{} x", "// c\n{}", "/* c */1", "# c\n1", "[1]]", "[", "{", "]", "}",
            "\u00a0{}", "\u000b{}", "\u0000", "{\"a\u0001\":1}", "[true1]", "[nul]", "\"\\u00\"", "[\"a\":1]"})
    void defers_to_jackson_what_is_not_well_formed(String text) {
        assertThat(JsonCheck.certainlyWellFormed(text)).isFalse();
        String expected = jacksonComplaint(text);
        assertThat(expected).isNotNull();
        assertThat(complaint(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("validButUnusual")
    void defers_to_jackson_what_is_valid_but_unusual(String text) {
        assertThat(JsonCheck.certainlyWellFormed(text)).isFalse();
        assertThat(jacksonComplaint(text)).isNull();
        assertThatCode(() -> Json.requireWellFormed(text, "x")).doesNotThrowAnyException();
    }

    static Stream<String> validButUnusual() {
        return Stream.of(
                "{\"a\":1,\"\\u0062\":2}", // an escaped key
                nested(JsonCheck.MAX_DEPTH + 1),
                "1".repeat(JsonCheck.MAX_NUMBER_LENGTH + 1),
                "{\"" + "k".repeat(JsonCheck.MAX_KEY_LENGTH + 1) + "\":1}",
                "\"" + "x".repeat(JsonCheck.MAX_LENGTH) + "\"",
                objects(JsonCheck.MAX_KEYS + 1),
                // 65 keys hit the 64-bit filter at least once; after a long first value, that is not rescanned
                "{\"pad\":\"" + "x".repeat(JsonCheck.MAX_RESCAN) + "\"," + keys(65) + "}");
    }

    @Test
    void accepts_quickly_nesting_and_keys_up_to_its_bounds() {
        assertThat(JsonCheck.certainlyWellFormed(nested(JsonCheck.MAX_DEPTH))).isTrue();
        assertThat(JsonCheck.certainlyWellFormed("{\"o\":" + nested(JsonCheck.MAX_DEPTH - 1) + "}")).isTrue();
        assertThat(JsonCheck.certainlyWellFormed(objects(JsonCheck.MAX_KEYS))).isTrue();
        assertThat(JsonCheck.certainlyWellFormed(objects(JsonCheck.MAX_KEYS + 1))).isFalse();
    }

    @Test
    void rescans_an_object_past_strings_and_containers_when_its_key_filter_hits() {
        // 70 keys: the last 64 cannot all add a new bit to the 64-bit filter, so some key after the tricky
        // members (strings and containers holding quotes, brackets and commas) is checked by a rescan
        String tricky = "\"t0\":\"\\\"}],\\\\\",\"t1\":{\"k0\":[1,{\"a\":\"]\"}],\"b\":-1e5},\"t2\" : [ \"{\" ] ,"
                + "\"t3\":true,\"t4\":null,\"t5\":\"\\u0022\",";
        String members = tricky + keys(64);
        assertThat(members.length()).isLessThan(JsonCheck.MAX_RESCAN);

        assertThat(JsonCheck.certainlyWellFormed("{" + members + "}")).isTrue();
        assertThat(jacksonComplaint("{" + members + "}")).isNull();
        for (String again : List.of("t0", "t1", "t2", "t3", "t4", "t5", "k0", "k63")) {
            assertThat(JsonCheck.certainlyWellFormed("{" + members + ",\"" + again + "\":1}")).as(again).isFalse();
        }
        assertThat(JsonCheck.certainlyWellFormed("{" + members + ",\"k64\":1}")).isTrue();
    }

    @Test
    void gives_jacksons_verdict_on_nesting_around_its_limit() {
        assertThatCode(() -> Json.requireWellFormed(nested(199), "x")).doesNotThrowAnyException();
        assertThatCode(() -> Json.requireWellFormed("{\"a\":" + nested(199) + "}", "x")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Json.requireWellFormed(nested(201), "x"))
                .hasMessage(jacksonComplaint(nested(201))).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> Json.requireWellFormed("{\"a\":" + nested(200) + "}", "x"))
                .hasMessageContaining("nesting depth");
    }

    @Test
    void names_what_was_checked_only_in_the_complaint() {
        assertThatCode(() -> Json.requireWellFormed("{}", "data of message type ", "T")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Json.requireWellFormed("{\"a\":1,\"a\":2}", "data of message type ", "T"))
                .hasMessageStartingWith("Invalid JSON in data of message type T: Duplicate field 'a'");
    }

    /**
     * Random valid texts, most of them then mutated: the fast check never accepts what Jackson refuses, the check
     * as a whole agrees with Jackson on each, and the fast check settles most unmutated texts itself.
     */
    @Test
    void agrees_with_jackson_on_random_texts() {
        Random random = new Random(20_240_601);
        List<String> failures = new ArrayList<>();
        int valid = 0;
        int validFast = 0;
        int fastAccepted = 0;
        int refused = 0;
        for (int n = 0; n < 200_000; n++) {
            boolean mutate = random.nextInt(4) != 0;
            String text = new Generator(random, mutate ? 0.1 : 0).text();
            if (mutate) {
                text = mutate(random, text);
            }
            boolean fast = JsonCheck.certainlyWellFormed(text);
            String expected = jacksonComplaint(text);
            String actual = complaint(text);
            if (fast && expected != null || !java.util.Objects.equals(expected, actual)) {
                failures.add(text + " -> fast " + fast + ", Jackson " + expected + ", check " + actual);
            }
            if (!mutate) {
                valid++;
                validFast += fast ? 1 : 0;
                if (expected != null) {
                    failures.add("generated invalid text " + text + ": " + expected);
                }
            }
            fastAccepted += fast ? 1 : 0;
            refused += expected != null ? 1 : 0;
        }
        assertThat(failures.subList(0, Math.min(20, failures.size()))).as("%d disagreements", failures.size())
                .isEmpty();
        assertThat(validFast).as("unmutated texts accepted by the fast check").isGreaterThan(valid * 9 / 10);
        assertThat(refused).as("texts Jackson refused").isGreaterThan(50_000);
        assertThat(fastAccepted).as("texts the fast check accepted").isGreaterThan(60_000);
    }

    private static final String ALPHABET = "{}[]\":,-+.0123456789eE \t\n\r\\/ubfnrtalsxNI'#\u0000\u001f\u007f\u00e9"
            + "\uD83D\uDE00\uFEFF\u00a0";

    private static String mutate(Random random, String text) {
        StringBuilder b = new StringBuilder(text);
        for (int m = random.nextInt(2) + 1; m > 0; m--) {
            int at = random.nextInt(b.length() + 1);
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(5)) {
                case 0 -> b.insert(at, c);
                case 1 -> {
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < b.length()) {
                        b.setCharAt(at, c);
                    }
                }
                case 3 -> b.setLength(at); // truncate
                default -> {
                    if (at + 1 < b.length()) { // swap neighbours
                        char d = b.charAt(at);
                        b.setCharAt(at, b.charAt(at + 1));
                        b.setCharAt(at + 1, d);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Serialises a random valid JSON tree; with {@code duplicates} > 0, objects repeat a key at that rate. */
    private static final class Generator {
        private static final String[] KEYS = {"a", "b", "c", "id", "amount", "", "é", "\uD83D\uDE00", "a b", "\u007f",
                "A", "aa", "k1", "k2", "note", "x/y"};
        private static final String[] WHITESPACE = {"", "", "", "", "", " ", "\n", "\t", "\r\n  "};
        private final Random random;
        private final double duplicates;
        private final StringBuilder b = new StringBuilder();

        Generator(Random random, double duplicates) {
            this.random = random;
            this.duplicates = duplicates;
        }

        String text() {
            ws();
            if (random.nextInt(200) == 0) {
                deep(JsonCheck.MAX_DEPTH - 3 + random.nextInt(6));
            } else {
                value(random.nextInt(5));
            }
            ws();
            return b.toString();
        }

        private void deep(int depth) {
            if (depth == 0) {
                value(1);
                return;
            }
            boolean object = random.nextBoolean();
            b.append(object ? "{\"d\":" : "[");
            deep(depth - 1);
            b.append(object ? '}' : ']');
        }

        private void value(int depth) {
            switch (random.nextInt(depth > 0 ? 7 : 5)) {
                case 0 -> b.append(random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null");
                case 1, 2 -> number();
                case 3, 4 -> string(randomText());
                case 5 -> array(depth - 1);
                default -> object(depth - 1);
            }
        }

        private void array(int depth) {
            b.append('[');
            ws();
            for (int i = 0, n = random.nextInt(5); i < n; i++) {
                if (i > 0) {
                    b.append(',');
                    ws();
                }
                value(depth);
                ws();
            }
            b.append(']');
        }

        private void object(int depth) {
            b.append('{');
            ws();
            List<String> used = new ArrayList<>();
            int n = random.nextInt(10) == 0 ? random.nextInt(70) : random.nextInt(6);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    b.append(',');
                    ws();
                }
                String key;
                if (!used.isEmpty() && random.nextDouble() < duplicates) {
                    key = used.get(random.nextInt(used.size()));
                } else {
                    key = KEYS[random.nextInt(KEYS.length)];
                    if (used.contains(key)) {
                        key = "k" + used.size() + "_" + i;
                    }
                }
                used.add(key);
                if (random.nextInt(100) == 0 && !key.isEmpty()) { // the same key, its first character escaped
                    b.append("\"\\u").append(String.format("%04x", (int) key.charAt(0))).append(key, 1, key.length())
                            .append('"');
                } else {
                    string(key);
                }
                ws();
                b.append(':');
                ws();
                value(depth);
                ws();
            }
            b.append('}');
        }

        private void string(String content) {
            b.append('"').append(content).append('"');
        }

        private String randomText() {
            String[] parts = {"a", "Z", " ", "é", "\u007f", "\uD83D\uDE00", "\\n", "\\\"", "\\\\", "\\/", "\\b",
                    "\\f", "\\r", "\\t", "\\u00e9", "\\uD83D\\uDE00", "EUR", "{", "]", ":", ","};
            StringBuilder s = new StringBuilder();
            for (int i = 0, n = random.nextInt(8); i < n; i++) {
                s.append(parts[random.nextInt(parts.length)]);
            }
            return s.toString();
        }

        private void number() {
            if (random.nextBoolean()) {
                b.append('-');
            }
            if (random.nextInt(4) == 0) {
                b.append('0');
            } else {
                b.append(1 + random.nextInt(9));
                digits(random.nextInt(500) == 0 ? 110 : random.nextInt(6));
            }
            if (random.nextInt(3) == 0) {
                b.append('.');
                digits(1 + random.nextInt(4));
            }
            if (random.nextInt(4) == 0) {
                b.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "" : random.nextBoolean() ? "+" : "-");
                digits(1 + random.nextInt(3));
            }
        }

        private void digits(int n) {
            for (int i = 0; i < n; i++) {
                b.append((char) ('0' + random.nextInt(10)));
            }
        }

        private void ws() {
            b.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
        }
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String objects(int n) {
        return "[" + String.join(",", IntStream.range(0, n).mapToObj(i -> "{\"a\":1}").toList()) + "]";
    }

    private static String keys(int n) {
        return String.join(",", IntStream.range(0, n).mapToObj(i -> "\"k" + i + "\":" + i).toList());
    }
}
