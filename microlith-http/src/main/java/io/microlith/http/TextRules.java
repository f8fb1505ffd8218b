package io.microlith.http;

/**
 * Which characters a text field may hold, by Unicode general category, for {@link Check} and {@link Quote}.
 *
 * <p>A <em>line</em> (a name, an e-mail address) holds only characters that show: no controls (C0, DEL, C1: NUL,
 * ESC, ...), no format characters (bidirectional overrides U+202A-202E and isolates U+2066-2069, zero-width
 * U+200B-200D, U+FEFF, soft hyphen ...), no line or paragraph separators, no unpaired surrogates, private-use or
 * unassigned code points. Such characters let one name look like another, reorder what a reader sees, or reach a
 * terminal or a mail header as commands.
 *
 * <p>A <em>text</em> (a description, a message) may also hold tab, line feed and carriage return, and the
 * zero-width joiners that some scripts and emoji sequences need (U+200C, U+200D); everything else a line refuses
 * it refuses too.
 */
final class TextRules {
    private TextRules() {
    }

    /** Whether a line refuses {@code codePoint}. */
    static boolean invisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    /** Whether a multi-line text refuses {@code codePoint}. */
    static boolean refusedInText(int codePoint) {
        return switch (codePoint) {
            case '\t', '\n', '\r', 0x200C, 0x200D -> false;
            default -> invisible(codePoint);
        };
    }

    /** The index of the first code point of {@code text} that {@code line} (else text) rules refuse, or -1. */
    static int firstRefused(String text, boolean line) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (line ? invisible(codePoint) : refusedInText(codePoint)) {
                return i;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }
}
