package io.microlith.sqlite;

import io.microlith.message.Message;
import io.microlith.message.Metadata;
import io.microlith.message.NewMessage;
import io.microlith.message.StreamName;
import io.microlith.store.copy.CopyProgress;
import io.microlith.store.copy.CopyResult;
import io.microlith.store.copy.StoreCopy;
import io.microlith.store.copy.StoreCopyException;
import io.microlith.store.memory.InMemoryMessageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An in-memory store copied into a SQLite file with {@link StoreCopy}: as it was, resumable, refused when foreign. */
class StoreCopyTest {
    @TempDir
    Path dir;

    private static InMemoryMessageStore source(int messages) {
        InMemoryMessageStore source = new InMemoryMessageStore();
        Metadata conversation = Metadata.correlated().withProperty("n", 7);
        for (int i = 0; i < messages; i++) {
            source.write(StreamName.of(i % 3 == 0 ? "order:command" : "order", String.valueOf(i % 7)),
                    NewMessage.of("Numbered", "{\"i\":" + i + ",\"text\":\"ü\"}", i % 2 == 0 ? conversation : Metadata.EMPTY));
        }
        return source;
    }

    private static List<Message> all(io.microlith.store.MessageStore store) {
        return store.readAll(1, 10_000);
    }

    @Test
    void copies_every_message_as_it_is_and_verifies_the_copy() {
        InMemoryMessageStore source = source(250);
        List<CopyProgress> reports = new ArrayList<>();
        try (SqliteMessageStore target = SqliteMessageStore.open(dir.resolve("copy.db"))) {
            CopyResult result = StoreCopy.from(source).to(target).batchSize(100).onProgress(reports::add).run();

            assertThat(result.verified()).isTrue();
            assertThat(result.copied()).isEqualTo(250);
            assertThat(result.targetMessages()).isEqualTo(250);
            assertThat(all(target)).usingRecursiveFieldByFieldElementComparator().isEqualTo(all(source));
            assertThat(reports).filteredOn(r -> r.phase() == CopyProgress.Phase.COPYING)
                    .extracting(CopyProgress::messages).containsExactly(100L, 200L, 250L);
            assertThat(target.write(StreamName.of("order", "0"), NewMessage.of("After", "{}")).lastGlobalPosition())
                    .isEqualTo(251);
        }
    }

    @Test
    void resumes_after_what_the_target_holds_once_it_is_found_to_be_the_start_of_the_source() {
        InMemoryMessageStore source = source(120);
        try (SqliteMessageStore target = SqliteMessageStore.open(dir.resolve("resumed.db"))) {
            target.importMessages(all(source).subList(0, 45));

            CopyResult result = StoreCopy.from(source).to(target).batchSize(50).run();

            assertThat(result.resumedAfter()).isEqualTo(45);
            assertThat(result.copied()).isEqualTo(75);
            assertThat(result.verified()).isTrue();
            assertThat(result.sourceChecksum()).isEqualTo(result.targetChecksum());
        }
    }

    @Test
    void refuses_a_target_that_holds_other_messages_and_writes_nothing() {
        InMemoryMessageStore source = source(20);
        try (SqliteMessageStore target = SqliteMessageStore.open(dir.resolve("foreign.db"))) {
            target.write(StreamName.of("order", "0"), NewMessage.of("Numbered", "{\"i\":0,\"text\":\"ü\"}"));

            assertThatThrownBy(() -> StoreCopy.from(source).to(target).run())
                    .isInstanceOf(StoreCopyException.class)
                    .hasMessageContaining("is not empty and is not a copy of the source")
                    .hasMessageContaining("at global position 1");
            assertThat(target.headGlobalPosition()).isEqualTo(1);
        }
    }

    @Test
    void refuses_a_target_that_takes_no_import() {
        assertThatThrownBy(() -> StoreCopy.from(source(1)).to(new InMemoryMessageStore()).run())
                .isInstanceOf(StoreCopyException.class).hasMessageContaining("cannot take a copy");
    }
}
