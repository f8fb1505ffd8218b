package io.microlith.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module rules of DESIGN.md for microlith-core: it knows no adapter, uses no JDBC, and its packages have
 * no cycles.
 */
@AnalyzeClasses(packages = "io.microlith", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule core_depends_on_no_adapter = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.microlith.sqlite..", "io.microlith.postgres..", "io.microlith.rabbitmq..",
                    "io.microlith.kafka..", "io.microlith.http..", "io.microlith.jdbc..", "io.microlith.demo..",
                    "io.microlith.testkit..")
            .because("core knows no adapter: dependencies point inward only");

    @ArchTest
    static final ArchRule core_uses_only_the_jdk_slf4j_and_jackson = noClasses()
            .should().dependOnClassesThat().resideOutsideOfPackages(
                    "io.microlith..", "java..", "javax.annotation..", "javax.crypto..", "org.slf4j..", "com.fasterxml.jackson..")
            .because("core depends on nothing but the JDK, the SLF4J API and a JSON library");

    @ArchTest
    static final ArchRule core_does_not_use_jdbc = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
            .because("JDBC belongs to adapters (microlith-jdbc and the stores); core keeps only interfaces");

    @ArchTest
    static final ArchRule packages_have_no_cycles = slices().matching("io.microlith.(**)").should().beFreeOfCycles();
}
