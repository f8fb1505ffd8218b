package io.microlith.bus;

import io.microlith.Microlith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryBusTest {

    record BalanceRequest(String account) {
    }

    record Balance(String account, long cents) {
    }

    record Unanswered(int n) {
    }

    private final Microlith microlith = Microlith.create();
    private final QueryBus queries = microlith.queryBus();

    @AfterEach
    void close() {
        microlith.close();
    }

    @Test
    void asks_a_query_and_returns_its_answer() {
        queries.subscribe(BalanceRequest.class, request -> new Balance(request.account(), 42));

        assertThat(queries.ask(new BalanceRequest("a-1"), Balance.class)).isEqualTo(new Balance("a-1", 42));
    }

    @Test
    void hands_the_envelope_to_a_handler_that_wants_the_metadata() {
        queries.subscribe(BalanceRequest.class, (request, envelope) ->
                new Balance(envelope.correlationId(), 0));
        var request = Envelope.correlated(new BalanceRequest("a-1"));

        queries.dispatch(request);

        assertThat(queries.waitFor(request.correlationId(), Balance.class).account()).isEqualTo(request.correlationId());
    }

    @Test
    void fails_fast_when_no_handler_is_subscribed() {
        assertThatThrownBy(() -> queries.dispatch(Envelope.correlated(new Unanswered(1))))
                .isInstanceOf(NoHandlerException.class)
                .hasMessageContaining("No handler is subscribed to Unanswered on the queryBus");
    }

    @Test
    void refuses_a_second_handler_for_the_same_query() {
        queries.subscribe(BalanceRequest.class, request -> new Balance("x", 0));

        assertThatThrownBy(() -> queries.subscribe(BalanceRequest.class, request -> new Balance("y", 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BalanceRequest already has a handler");
    }

    @Test
    void fails_the_dispatch_and_the_waits_when_the_handler_throws() {
        queries.subscribe(BalanceRequest.class, request -> {
            throw new IllegalStateException("ledger offline");
        });
        var request = Envelope.correlated(new BalanceRequest("a-1"));

        assertThatThrownBy(() -> queries.dispatch(request))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageContaining("ledger offline")
                .hasMessageContaining(request.correlationId());
        assertThatThrownBy(() -> queries.waitFor(request.correlationId(), Balance.class, Duration.ofSeconds(10)))
                .isInstanceOf(QueryFailedException.class);
    }

    @Test
    void fails_when_the_handler_answers_null() {
        queries.subscribe(BalanceRequest.class, request -> null);

        assertThatThrownBy(() -> queries.ask(new BalanceRequest("a-1"), Balance.class))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageContaining("answered null");
    }

    @Test
    void fails_when_the_answer_has_another_type_than_asked() {
        queries.subscribe(BalanceRequest.class, request -> new Unanswered(1));

        assertThatThrownBy(() -> queries.ask(new BalanceRequest("a-1"), Balance.class))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageContaining("expected an answer of type Balance but got Unanswered");
    }

    @Test
    void never_stores_a_query() {
        queries.subscribe(BalanceRequest.class, request -> new Balance("a", 1));

        queries.dispatch(Envelope.correlated(new BalanceRequest("a")));

        assertThat(microlith.store().headGlobalPosition()).isZero();
    }
}
