package io.microlith.demo.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PlainTextTest {
    @Test
    void accepts_a_bounded_text_of_any_script_with_inner_blanks_and_emoji() {
        assertThat(PlainText.problem("a name", "  Ünïcødé 名前 🎬 talk  ", 20)).isEmpty();
    }

    @Test
    void counts_characters_not_utf16_units() {
        assertThat(PlainText.problem("a name", "🎬".repeat(10), 10)).isEmpty();
        assertThat(PlainText.problem("a name", "🎬".repeat(11), 10)).contains("a name must be at most 10 characters, was 11");
    }

    @Test
    void refuses_an_absent_or_blank_text() {
        assertThat(PlainText.problem("a name", null, 10)).contains("a name must not be empty");
        assertThat(PlainText.problem("a name", " \t ", 10)).contains("a name must not be empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"line\nbreak", "tab\there", "bell\u0007", "escape\u001b[31m", "zero\u200bwidth", "joiner\u200d",
            "\u202eoverride", "bom\ufeff", "soft\u00adhyphen", "filler\u3164", "private\ue000", "separator\u2028inside"})
    void refuses_control_and_invisible_characters(String text) {
        assertThat(PlainText.problem("a name", text, 100)).contains("a name must not contain control or invisible characters");
    }
}
