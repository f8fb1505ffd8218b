package io.microlith.testkit.tck;

import io.microlith.message.StreamName;
import io.microlith.store.DuplicateMessageIdException;
import io.microlith.store.ExpectedVersion;
import io.microlith.store.ExpectedVersionException;
import io.microlith.store.StreamWrite;
import io.microlith.store.WriteResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A write to several streams is one transaction: all of it is stored, or none. */
public abstract class MultiStreamContract extends StoreContract {

    @Test
    void writes_to_several_streams_and_categories_in_one_transaction() {
        StreamName account = stream(uniqueCategory("account"), 1);
        StreamName audit = stream(uniqueCategory("audit"), 1);

        List<WriteResult> results = store().write(List.of(
                StreamWrite.of(account, ExpectedVersion.noStream(), message(1), message(2)),
                StreamWrite.of(audit, ExpectedVersion.noStream(), message(3))));

        assertThat(results).extracting(WriteResult::streamName).containsExactly(account, audit);
        assertThat(results).extracting(WriteResult::version).containsExactly(1L, 0L);
        assertThat(store().streamVersion(account)).isEqualTo(1);
        assertThat(store().streamVersion(audit)).isZero();
    }

    @Test
    void writes_nothing_to_any_stream_when_one_expected_version_fails() {
        StreamName first = stream(uniqueCategory("first"), 1);
        StreamName second = stream(uniqueCategory("second"), 1);
        StreamName third = stream(uniqueCategory("third"), 1);
        store().write(second, message(0));

        assertThatThrownBy(() -> store().write(List.of(
                StreamWrite.of(first, ExpectedVersion.noStream(), message(1)),
                StreamWrite.of(second, ExpectedVersion.noStream(), message(2)),
                StreamWrite.of(third, ExpectedVersion.any(), message(3)))))
                .isInstanceOfSatisfying(ExpectedVersionException.class,
                        e -> assertThat(e.streamName()).isEqualTo(second));

        assertThat(store().streamVersion(first)).isEqualTo(-1);
        assertThat(store().streamVersion(second)).isZero();
        assertThat(store().streamVersion(third)).isEqualTo(-1);
    }

    @Test
    void writes_nothing_to_any_stream_when_one_message_id_is_a_duplicate() {
        StreamName first = stream(uniqueCategory("first"), 1);
        StreamName second = stream(uniqueCategory("second"), 1);
        var existing = message(0);
        store().write(second, existing);

        assertThatThrownBy(() -> store().write(List.of(
                StreamWrite.of(first, ExpectedVersion.any(), message(1)),
                StreamWrite.of(second, ExpectedVersion.any(), existing))))
                .isInstanceOf(DuplicateMessageIdException.class);

        assertThat(store().streamVersion(first)).isEqualTo(-1);
        assertThat(store().streamVersion(second)).isZero();
    }

    @Test
    void two_writes_to_one_stream_in_one_transaction_see_each_other() {
        StreamName stream = stream(uniqueCategory("twice"), 1);

        List<WriteResult> results = store().write(List.of(
                StreamWrite.of(stream, ExpectedVersion.noStream(), message(1)),
                StreamWrite.of(stream, ExpectedVersion.exactly(0), message(2))));

        assertThat(results).extracting(WriteResult::version).containsExactly(0L, 1L);
        assertThat(store().streamVersion(stream)).isEqualTo(1);
    }
}
