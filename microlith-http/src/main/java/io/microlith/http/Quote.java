package io.microlith.http;

/**
 * Quotes a client's value in an error message, short and harmless: at most {@value #MAX_QUOTED} characters (then
 * {@code …}), with control and invisible characters shown as Java escapes (ESC as backslash, {@code u001B}). A
 * message that quotes what a client sent must not grow with it (a 100,000-digit number must not make a 100 KB
 * error body) nor carry terminal escapes into a log.
 */
public final class Quote {
    /** The most characters of a value an error message quotes. */
    public static final int MAX_QUOTED = 40;

    private Quote() {
    }

    /** {@code 'value'}, cut to {@value #MAX_QUOTED} characters; {@code null} for {@code null}. */
    public static String of(Object value) {
        if (value == null) {
            return "null";
        }
        return "'" + visible(cut(value.toString(), MAX_QUOTED)) + "'";
    }

    /**
     * {@code text} cut to at most {@code max} characters, ending with {@code …} when cut ({@code null} stays
     * {@code null}). Never cuts a surrogate pair in half.
     */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, Math.max(end, 0)) + "…";
    }

    /** {@code text} with the characters {@link Check#line} refuses (controls, invisible ones) written as Java escapes. */
    static String visible(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            if (TextRules.invisible(codePoint)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                out.append(String.format("\\u%04X", codePoint));
            } else if (out != null) {
                out.append(text, i, next);
            }
            i = next;
        }
        return out == null ? text : out.toString();
    }
}
