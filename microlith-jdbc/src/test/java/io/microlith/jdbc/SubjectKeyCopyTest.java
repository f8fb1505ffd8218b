package io.microlith.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keys travel with a copy of a store, and the target ends with exactly the source's (decision 0089). */
class SubjectKeyCopyTest {
    @TempDir
    Path dir;

    private ConnectionSource database(String name) {
        return () -> DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
    }

    @Test
    void copies_every_key_again_harmlessly_and_deletes_those_forgotten_in_the_source_since() throws Exception {
        ConnectionSource from = database("from.db");
        ConnectionSource to = database("to.db");
        JdbcSubjectKeyStore source = new JdbcSubjectKeyStore(from);
        byte[] ada = source.findOrCreate("ada");
        byte[] bob = source.findOrCreate("bob");

        assertThat(SubjectKeyCopy.between(from, to).run()).isEqualTo(new SubjectKeyCopy.Result(2, 0, 0, 2));
        JdbcSubjectKeyStore target = new JdbcSubjectKeyStore(to);
        assertThat(target.find("ada")).hasValue(ada);
        assertThat(target.find("bob")).hasValue(bob);

        assertThat(SubjectKeyCopy.between(from, to).run()).as("again").isEqualTo(new SubjectKeyCopy.Result(0, 0, 2, 2));

        source.forget("bob");
        byte[] cy = source.findOrCreate("cy");
        assertThat(SubjectKeyCopy.between(from, to).run()).isEqualTo(new SubjectKeyCopy.Result(1, 1, 1, 2));
        assertThat(target.find("bob")).as("forgotten in the source, so in the copy").isEmpty();
        assertThat(target.find("cy")).hasValue(cy);
    }

    @Test
    void a_subject_with_another_key_in_the_target_is_refused_and_nothing_changes() throws Exception {
        ConnectionSource from = database("from.db");
        ConnectionSource to = database("to.db");
        new JdbcSubjectKeyStore(from).findOrCreate("ada");
        new JdbcSubjectKeyStore(from).findOrCreate("bob");
        JdbcSubjectKeyStore target = new JdbcSubjectKeyStore(to);
        byte[] theirs = target.findOrCreate("ada");
        target.findOrCreate("zed");

        assertThatThrownBy(() -> SubjectKeyCopy.between(from, to).run())
                .isInstanceOf(SubjectKeyCopy.SubjectKeyConflictException.class).hasMessageContaining("'ada'");
        assertThat(target.find("ada")).hasValue(theirs);
        assertThat(target.find("zed")).as("not deleted").isPresent();
        assertThat(target.find("bob")).as("not inserted").isEmpty();
    }

    @Test
    void a_source_without_keys_leaves_a_target_without_them_untouched() throws Exception {
        assertThat(SubjectKeyCopy.between(database("from.db"), database("to.db")).run())
                .isEqualTo(new SubjectKeyCopy.Result(0, 0, 0, 0));
    }
}
