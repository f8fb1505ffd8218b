package io.microlith.demo.text;

import java.util.Optional;

/**
 * Rules for short texts people type and other people read (names, display names, e-mail addresses): present, bounded,
 * and free of characters that make sense in no such text — control characters (line breaks and tabs included) and
 * invisible ones (zero-width spaces and joiners, direction overrides, fillers) that would let two names look alike or
 * hide what a text says. Pure functions, no framework.
 */
public final class PlainText {
    private PlainText() {
    }

    /**
     * Why {@code value} cannot be a {@code what} of at most {@code maxLength} characters (code points, after surrounding
     * blanks are stripped), if it cannot: absent or blank, too long, or holding a control or invisible character.
     */
    public static Optional<String> problem(String what, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return Optional.of(what + " must not be empty");
        }
        String stripped = value.strip();
        int length = stripped.codePointCount(0, stripped.length());
        if (length > maxLength) {
            return Optional.of(what + " must be at most " + maxLength + " characters, was " + length);
        }
        if (hasHiddenCharacters(stripped)) {
            return Optional.of(what + " must not contain control or invisible characters");
        }
        return Optional.empty();
    }

    /** Whether {@code text} holds a control, format (zero-width, bidirectional), separator, private or unassigned character. */
    public static boolean hasHiddenCharacters(String text) {
        return text.codePoints().anyMatch(PlainText::isHidden);
    }

    private static boolean isHidden(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> true;
            // letters that print as nothing: Hangul fillers, the blank Braille pattern
            default -> c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800;
        };
    }
}
