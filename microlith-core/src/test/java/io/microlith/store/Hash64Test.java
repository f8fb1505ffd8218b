package io.microlith.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Hash64Test {

    @Test
    void matches_message_db_hash_64() {
        // message-db: hash_64('abc') = -8070080442485551184 (first 16 hex digits of md5 as a signed bigint).
        assertThat(Hash64.of("abc")).isEqualTo(-8070080442485551184L);
        // md5('') = d41d8cd98f00b204..., md5('123') = 202cb962ac59075b...
        assertThat(Hash64.of("")).isEqualTo(0xd41d8cd98f00b204L);
        assertThat(Hash64.of("123")).isEqualTo(0x202cb962ac59075bL);
    }

    @Test
    void puts_a_stream_on_the_member_given_by_abs_hash_mod_size() {
        long hash = Hash64.of("abc");
        assertThat(ConsumerGroup.memberOf(hash, 3)).isEqualTo((int) (Math.abs(hash) % 3));
        assertThat(new ConsumerGroup(ConsumerGroup.memberOf(hash, 3), 3)
                .includes(io.microlith.message.StreamName.of("account-abc+7"))).isTrue();
    }

    @Test
    void puts_a_bare_category_stream_on_no_member() {
        assertThat(new ConsumerGroup(0, 1).includes(io.microlith.message.StreamName.of("account"))).isFalse();
    }
}
