package io.microlith.http;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** microlith-http is an adapter over core: it knows no store, no other adapter and no application. */
class HttpArchitectureTest {
    static final JavaClasses HTTP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.microlith.http");

    @Test
    void depends_on_no_store_adapter_and_no_application() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "io.microlith.sqlite..", "io.microlith.postgres..", "io.microlith.jdbc..", "io.microlith.demo..", "io.microlith.testkit..",
                "io.microlith.store.memory..")
                .check(HTTP);
    }

    @Test
    void has_no_package_cycles() {
        slices().matching("io.microlith.http.(*)..").should().beFreeOfCycles().check(HTTP);
    }
}
