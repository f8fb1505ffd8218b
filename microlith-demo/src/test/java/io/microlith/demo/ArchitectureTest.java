package io.microlith.demo;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.microlith.demo.identity.IdentityRules;
import io.microlith.privacy.DataSubject;
import io.microlith.privacy.PersonalData;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The reference application's domain code knows no framework: the user service's domain and application layers
 * (seed 002's onion) and the video tutorials' messages and rules depend on the JDK and on one another only, and the
 * user service's layers point inward.
 */
class ArchitectureTest {
    static final JavaClasses DEMO = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.microlith.demo");

    /**
     * What domain code may use: the JDK, the demo's pure rules, the toolkit's personal-data markers, and nothing else of
     * the toolkit, the web or the database.
     */
    static final DescribedPredicate<JavaClass> PURE = resideInAnyPackage("java..", "io.microlith.demo.text..",
            "io.microlith.demo.users.domain..", "io.microlith.demo.users.application..")
            .or(equivalentTo(IdentityRules.class))
            // the two markers of personal data (decision 0087): annotations without behaviour, so that the domain itself
            // says which of its data is a person's
            .or(equivalentTo(PersonalData.class)).or(equivalentTo(DataSubject.class));

    /** The video tutorials' domain: its messages, rules, decider and transcoders (not its views, routes and wiring). */
    static final String VIDEO_DOMAIN =
            "io\\.microlith\\.demo\\.videos\\.(VideoMessages|VideoRules|VideoPublishing|Transcoder|SimulatedTranscoder)(\\$.*)?";

    @Test
    void the_user_services_domain_and_application_use_no_framework() {
        classes().that().resideInAnyPackage("io.microlith.demo.users.domain..", "io.microlith.demo.users.application..")
                .should().onlyDependOnClassesThat(PURE)
                .check(DEMO);
    }

    @Test
    void the_user_services_domain_knows_neither_its_application_nor_its_adapters() {
        noClasses().that().resideInAPackage("io.microlith.demo.users.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.microlith.demo.users.application..",
                        "io.microlith.demo.users.adapters..")
                .check(DEMO);
        noClasses().that().resideInAPackage("io.microlith.demo.users.application..")
                .should().dependOnClassesThat().resideInAPackage("io.microlith.demo.users.adapters..")
                .check(DEMO);
    }

    @Test
    void the_video_tutorials_messages_rules_and_decider_use_no_framework() {
        noClasses().that().haveNameMatching(VIDEO_DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("io.microlith", "io.microlith.bus..",
                        "io.microlith.component..", "io.microlith.consumer..", "io.microlith.entity..", "io.microlith.message..",
                        "io.microlith.store..", "io.microlith.jdbc..", "io.microlith.http..", "io.javalin..", "java.sql..",
                        "io.microlith.demo.views..", "io.microlith.demo.web..", "io.microlith.demo.identity..")
                .check(DEMO);
    }
}
