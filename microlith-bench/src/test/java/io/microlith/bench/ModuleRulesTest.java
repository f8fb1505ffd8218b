package io.microlith.bench;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DESIGN.md's module rule across modules: dependencies point inward. No adapter depends on another
 * adapter, and the core (and the testkits) depend on no adapter. This module depends on every store
 * module (and, for this test, on the JDBC and HTTP adapters and the testkits), so it is the one place that
 * sees them all. The application modules (demo, bench) may depend on anything and are not checked. Adapters that do
 * not exist yet (RabbitMQ, Kafka) are listed so that they are covered when they arrive.
 */
class ModuleRulesTest {
    static final List<String> ADAPTERS = List.of("sqlite", "postgres", "jdbc", "http", "metrics", "rabbitmq", "kafka");
    static final String[] CORE = {"io.microlith", "io.microlith.message..", "io.microlith.store..",
            "io.microlith.internal..", "io.microlith.bus..", "io.microlith.consumer..", "io.microlith.component..",
            "io.microlith.entity..", "io.microlith.testkit.."};

    static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.microlith");
    }

    @Test
    void sees_the_core_the_testkit_and_the_adapters_it_checks() {
        // Guards against a vacuous pass: the rules below only mean something if these were imported.
        assertThat(classes.contain("io.microlith.store.MessageStore")).isTrue();
        assertThat(classes.contain("io.microlith.testkit.tck.MessageStoreTck")).isTrue();
        assertThat(classes.contain("io.microlith.sqlite.SqliteMessageStore")).isTrue();
        assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith("io.microlith.postgres"))).isTrue();
        assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith("io.microlith.http"))).isTrue();
        assertThat(classes.contain("io.microlith.jdbc.Aggregator")).isTrue();
        assertThat(classes.contain("io.microlith.metrics.MicrolithMetrics")).isTrue();
        assertThat(classes.contain("io.microlith.testkit.http.HttpTestServer")).isTrue();
    }

    @Test
    void no_adapter_depends_on_another_adapter() {
        for (String adapter : ADAPTERS) {
            independence(adapter, ADAPTERS).check(classes);
        }
    }

    @Test
    void the_adapter_rule_reports_a_dependency_when_there_is_one() {
        // The benchmarks do use the SQLite store: treated as an adapter, they must break the rule.
        assertThatThrownBy(() -> independence("bench", List.of("bench", "sqlite")).check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.microlith.sqlite.SqliteMessageStore");
    }

    private static ArchRule independence(String adapter, List<String> adapters) {
        String[] others = adapters.stream().filter(a -> !a.equals(adapter))
                .map(a -> "io.microlith." + a + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage("io.microlith." + adapter + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("adapters depend on the core only, never on each other (DESIGN.md, Modules)")
                .allowEmptyShould(true);
    }

    @Test
    void the_core_and_the_testkit_depend_on_no_adapter() {
        String[] adapters = ADAPTERS.stream().map(a -> "io.microlith." + a + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage(adapters)
                .because("the core knows no adapter; stores and transports are chosen by configuration"
                        + " (core packages: " + Arrays.toString(CORE) + ")")
                .check(classes);
    }
}
