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
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example is compiled and run as written (only its file path is pointed at a temporary
 * folder), so that the first code a user copies cannot rot.
 */
class ReadmeExampleTest {
    private static final Pattern EXAMPLE = Pattern.compile(
            "## Write to a stream and read it back\\s+```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void the_readme_example_writes_two_messages_and_prints_them(@TempDir Path temp) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher matcher = EXAMPLE.matcher(readme);
        assertThat(matcher.find()).as("README has the example section").isTrue();
        String example = matcher.group(1);
        assertThat(example.lines().count()).as("lines in the README example").isLessThanOrEqualTo(10);
        String body = example.replace("./data/example.db", temp.resolve("example.db").toString().replace("\\", "/"));

        String output = compileAndRun(temp, body);

        assertThat(output.lines()).containsExactly("0 Opened {\"owner\":\"Ada\"}", "1 Deposited {\"amount\":10}");
    }

    private static String compileAndRun(Path temp, String body) throws Exception {
        Path source = temp.resolve("Example.java");
        Files.writeString(source, """
                import io.microlith.message.*;
                import io.microlith.store.*;
                import java.util.UUID;
                public class Example {
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
