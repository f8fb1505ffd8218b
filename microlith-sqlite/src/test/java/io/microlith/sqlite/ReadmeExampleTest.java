package io.microlith.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example is compiled and run as written (only its file path is pointed at a temporary
 * folder), so that the first code a user copies cannot rot.
 */
class ReadmeExampleTest {
    private static final Pattern EXAMPLE = example("## Write to a stream and read it back");
    private static final Pattern BUS_EXAMPLE = example("## Commands, events and queries over the buses");
    private static final Pattern DECIDER_EXAMPLE = example("## Components: deciders run by the toolkit");

    @Test
    void the_readme_example_writes_two_messages_and_prints_them(@TempDir Path temp) throws Exception {
        String example = example(EXAMPLE);
        assertThat(example.lines().count()).as("lines in the README example").isLessThanOrEqualTo(10);
        String body = example.replace("./data/example.db", temp.resolve("example.db").toString().replace("\\", "/"));

        String output = compileAndRun(temp, "", body);

        assertThat(output.lines()).containsExactly("0 Opened {\"owner\":\"Ada\"}", "1 Deposited {\"amount\":10}");
    }

    @Test
    void the_readme_bus_example_logs_in_over_the_command_and_event_buses(@TempDir Path temp) throws Exception {
        String example = example(BUS_EXAMPLE).replace("./data/identity.db",
                temp.resolve("identity.db").toString().replace("\\", "/"));
        assertThat(example.lines().count()).as("lines in the README bus example (20 before the typed API)")
                .isLessThanOrEqualTo(17);

        String output = compileAndRun(temp, declarations(example), statements(example));

        assertThat(output.lines()).containsExactly("Welcome ada@example.com");
    }

    @Test
    void the_readme_decider_example_refuses_a_withdrawal_beyond_the_balance(@TempDir Path temp) throws Exception {
        String example = example(DECIDER_EXAMPLE);

        String output = compileAndRun(temp, declarations(example), statements(example));

        assertThat(output.lines()).containsExactly("Refused[account=7, reason=insufficient funds]");
    }

    /** Record and sealed interface declarations become members of the example class. */
    private static String declarations(String example) {
        return example.lines().filter(ReadmeExampleTest::isDeclaration).collect(Collectors.joining("\n"));
    }

    /** The rest becomes the body of its main method. */
    private static String statements(String example) {
        return example.lines().filter(line -> !isDeclaration(line)).collect(Collectors.joining("\n"));
    }

    private static boolean isDeclaration(String line) {
        return line.startsWith("record ") || line.startsWith("sealed interface ");
    }

    private static Pattern example(String heading) {
        return Pattern.compile(Pattern.quote(heading) + "\\s+```java\\n(.*?)```", Pattern.DOTALL);
    }

    private static String example(Pattern pattern) throws Exception {
        Matcher matcher = pattern.matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(matcher.find()).as("README has the section %s", pattern).isTrue();
        return matcher.group(1);
    }

    private static String compileAndRun(Path temp, String members, String body) throws Exception {
        Path source = temp.resolve("Example.java");
        Files.writeString(source, """
                import io.microlith.Microlith;
                import io.microlith.bus.*;
                import io.microlith.component.*;
                import io.microlith.message.*;
                import io.microlith.store.*;
                import java.util.List;
                import java.util.UUID;
                public class Example {
                """ + members + """

                    public static void main(String[] args) throws Exception {
                """ + body + """
                    }
                }
                """);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = compiler.run(null, null, errors, "-classpath", System.getProperty("java.class.path"),
                "-d", temp.toString(), source.toString());
        assertThat(status).as("compiling the README example: %s", errors).isZero();

        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {temp.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("Example").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
