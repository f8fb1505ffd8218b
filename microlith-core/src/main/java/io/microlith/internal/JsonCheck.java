package io.microlith.internal;

/**
 * A one-pass, allocation-free check that a text is certainly one well-formed JSON value, run before
 * {@link Json#requireWellFormed}'s Jackson parser: in profiles of small-message writes, creating that parser
 * was most of the cost of checking a message's data (a quarter of all the CPU of in-memory appends).
 * <p>
 * Contract: {@link #certainlyWellFormed} answers {@code true} only when Jackson, as {@link Json} sets it up
 * (standard JSON, strict duplicate detection, its limits), would accept the text; {@code false} means "not
 * sure", and the caller asks Jackson, whose verdict and error message then stand. So besides every invalid
 * text, it defers texts that are valid but outside what it checks cheaply and exactly:
 * <ul>
 * <li>longer than {@link #MAX_LENGTH} characters, nested deeper than {@link #MAX_DEPTH}, a number longer than
 * {@link #MAX_NUMBER_LENGTH} characters, a key longer than {@link #MAX_KEY_LENGTH};</li>
 * <li>a key with a backslash escape ({@code "a"} and {@code "\u0061"} are the same key: only Jackson decodes);</li>
 * <li>more than {@link #MAX_KEYS} keys in the whole text: Jackson's symbol table refuses a text whose names
 * collide in its hash beyond a bound (a bucket of more than 150 overflowing twice in one parser, which empties
 * it the first time), so that takes at least 152 names in one text;</li>
 * <li>a possible duplicate key (both bits of its hash already set in the object's 64-bit filter of key hashes)
 * that cannot be settled by rescanning at most {@link #MAX_RESCAN} characters of the object.</li>
 * </ul>
 * Cross-frame state (the position and the count of keys) travels in one {@code long}: key count in the high
 * half, position in the low half; {@code -1} is "not sure". Recursion keeps each open object's filter in its
 * own frame, so no stack is allocated.
 */
final class JsonCheck {

    static final int MAX_LENGTH = 64 * 1024;
    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 100;
    static final int MAX_KEY_LENGTH = 1000;
    static final int MAX_KEYS = 128;
    static final int MAX_RESCAN = 1024;

    private static final long POSITION = 0xFFFF_FFFFL;
    private static final long FAIL = -1;

    private JsonCheck() {
    }

    /** True only if Jackson would accept {@code text} as exactly one well-formed JSON value; false: ask Jackson. */
    static boolean certainlyWellFormed(String text) {
        int n = text.length();
        if (n > MAX_LENGTH) {
            return false;
        }
        int i = skipWhitespace(text, 0);
        if (i == n) {
            return false;
        }
        long state = value(text, i, 0);
        return state != FAIL && skipWhitespace(text, (int) state) == n;
    }

    /** The value at {@code state}'s position, which is within the text; the state after it, or FAIL. */
    private static long value(String s, long state, int depth) {
        int i = (int) state;
        char c = s.charAt(i);
        int end;
        switch (c) {
            case '{':
                return object(s, state + 1, depth + 1);
            case '[':
                return array(s, state + 1, depth + 1);
            case '"':
                end = stringEnd(s, i + 1);
                break;
            case 't':
                end = s.startsWith("true", i) ? i + 4 : -1;
                break;
            case 'f':
                end = s.startsWith("false", i) ? i + 5 : -1;
                break;
            case 'n':
                end = s.startsWith("null", i) ? i + 4 : -1;
                break;
            default:
                end = numberEnd(s, i);
        }
        // what follows a value (a delimiter, whitespace or the end) is checked by the caller
        return end < 0 ? FAIL : (state & ~POSITION) | end;
    }

    private static long object(String s, long state, int depth) {
        if (depth > MAX_DEPTH) {
            return FAIL;
        }
        int n = s.length();
        int start = (int) state;
        int i = skipWhitespace(s, start);
        if (i < n && s.charAt(i) == '}') {
            return (state & ~POSITION) | (i + 1);
        }
        long keys = state >>> 32;
        long seen = 0; // a filter of this object's key hashes; a hit is confirmed by rescanning
        while (true) {
            if (i >= n || s.charAt(i) != '"' || ++keys > MAX_KEYS) {
                return FAIL;
            }
            int k = i + 1;
            int j = k;
            for (char c; ; j++) {
                if (j >= n) {
                    return FAIL;
                }
                c = s.charAt(j);
                if (c <= '"' || c == '\\') { // ordinary characters: two predictable comparisons
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\' || c < 0x20) { // an escaped key may equal an unescaped one: Jackson decides
                        return FAIL;
                    }
                }
            }
            int length = j - k;
            // a hash of a few characters: a hash of all would chain a multiplication per character, and a false
            // hit only costs a rescan
            int hash = mix(length == 0 ? 0
                    : ((s.charAt(k) * 31 + s.charAt(j - 1)) * 31 + s.charAt(k + length / 2)) * 31 + length);
            long bits = 1L << hash | 1L << (hash >>> 26); // two bits: a shift takes the low six
            if (length > MAX_KEY_LENGTH || (seen & bits) == bits && keyMaybeBefore(s, start, i, k, length)) {
                return FAIL;
            }
            seen |= bits;
            i = skipWhitespace(s, j + 1);
            if (i >= n || s.charAt(i) != ':') {
                return FAIL;
            }
            i = skipWhitespace(s, i + 1);
            if (i >= n) {
                return FAIL;
            }
            long after = value(s, keys << 32 | i, depth);
            if (after == FAIL) {
                return FAIL;
            }
            keys = after >>> 32;
            i = skipWhitespace(s, (int) after);
            if (i >= n) {
                return FAIL;
            }
            char c = s.charAt(i);
            if (c == '}') {
                return keys << 32 | (i + 1);
            }
            if (c != ',') {
                return FAIL;
            }
            i = skipWhitespace(s, i + 1);
        }
    }

    private static long array(String s, long state, int depth) {
        if (depth > MAX_DEPTH) {
            return FAIL;
        }
        int n = s.length();
        int i = skipWhitespace(s, (int) state);
        if (i < n && s.charAt(i) == ']') {
            return (state & ~POSITION) | (i + 1);
        }
        long keys = state & ~POSITION;
        while (true) {
            if (i >= n) {
                return FAIL;
            }
            long after = value(s, keys | i, depth);
            if (after == FAIL) {
                return FAIL;
            }
            keys = after & ~POSITION;
            i = skipWhitespace(s, (int) after);
            if (i >= n) {
                return FAIL;
            }
            char c = s.charAt(i);
            if (c == ']') {
                return keys | (i + 1);
            }
            if (c != ',') {
                return FAIL;
            }
            i = skipWhitespace(s, i + 1);
        }
    }

    /**
     * True if the key at {@code [k, k + length)} is among the earlier keys of its object, whose members (already
     * checked, keys without escapes) lie in {@code [from, to)}; also true when that is too long to rescan.
     */
    private static boolean keyMaybeBefore(String s, int from, int to, int k, int length) {
        if (to - from > MAX_RESCAN) {
            return true;
        }
        int i = skipWhitespace(s, from);
        while (i < to) {
            int key = i + 1;
            int keyEnd = s.indexOf('"', key);
            if (keyEnd - key == length && s.regionMatches(key, s, k, length)) {
                return true;
            }
            i = skipWhitespace(s, skipWhitespace(s, keyEnd + 1) + 1); // past the colon
            i = skipWhitespace(s, skipChecked(s, i));
            if (i < to) {
                i = skipWhitespace(s, i + 1); // past the comma
            }
        }
        return false;
    }

    /** The position after the already-checked value at {@code i}. */
    private static int skipChecked(String s, int i) {
        int depth = 0;
        do {
            char c = s.charAt(i);
            if (c == '"') {
                i = stringEnd(s, i + 1) - 1;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            i++;
        } while (depth > 0);
        // a number or literal runs on to the next delimiter; after a string or container, that is at i already
        for (char c; (c = s.charAt(i)) != ',' && c != '}' && c != ']' && c != ' ' && c != '\t' && c != '\n'
                && c != '\r'; ) {
            i++;
        }
        return i;
    }

    /** The position after the closing quote of the string whose content starts at {@code i}, or -1. */
    private static int stringEnd(String s, int i) {
        int n = s.length();
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c > '"' && c != '\\') { // ordinary characters: two predictable comparisons
                continue;
            }
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x20) { // Jackson refuses unescaped control characters; DEL and beyond are fine
                return -1;
            }
            if (c == '\\') {
                if (++i >= n) {
                    return -1;
                }
                switch (s.charAt(i)) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    }
                    case 'u' -> {
                        if (i + 4 >= n || !hex(s.charAt(i + 1)) || !hex(s.charAt(i + 2)) || !hex(s.charAt(i + 3))
                                || !hex(s.charAt(i + 4))) {
                            return -1;
                        }
                        i += 4;
                    }
                    default -> {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    /** The position after the number at {@code i} ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}), or -1. */
    private static int numberEnd(String s, int i) {
        int n = s.length();
        int p = i;
        if (p < n && s.charAt(p) == '-') {
            p++;
        }
        if (p >= n) {
            return -1;
        }
        char c = s.charAt(p);
        if (c == '0') {
            p++; // a leading zero stands alone: "01" ends here and fails on the '1' that follows
        } else if (c >= '1' && c <= '9') {
            p = digitsEnd(s, p + 1);
        } else {
            return -1;
        }
        if (p < n && s.charAt(p) == '.') {
            int q = digitsEnd(s, p + 1);
            if (q == p + 1) {
                return -1;
            }
            p = q;
        }
        if (p < n && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
            p++;
            if (p < n && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
                p++;
            }
            int q = digitsEnd(s, p);
            if (q == p) {
                return -1;
            }
            p = q;
        }
        return p - i > MAX_NUMBER_LENGTH ? -1 : p;
    }

    private static int digitsEnd(String s, int i) {
        int n = s.length();
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** Murmur3's finaliser: raw sums of characters differ in too few bits to pick bits of a filter. */
    private static int mix(int h) {
        h = (h ^ h >>> 16) * 0x85EBCA6B;
        h = (h ^ h >>> 13) * 0xC2B2AE35;
        return h ^ h >>> 16;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static int skipWhitespace(String s, int i) {
        int n = s.length();
        for (char c; i < n && (c = s.charAt(i)) <= ' ' && (c == ' ' || c == '\n' || c == '\r' || c == '\t'); ) {
            i++;
        }
        return i;
    }
}
