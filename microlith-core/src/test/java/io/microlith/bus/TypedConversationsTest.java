package io.microlith.bus;

import io.microlith.Microlith;
import io.microlith.message.Message;
import io.microlith.message.StreamName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealed outcome families, request and response, handlers whose dispatches follow what they handle, family routes. */
class TypedConversationsTest {

    sealed interface LoginCommand permits Login, Logout {
        String user();
    }

    record Login(String user, String password) implements LoginCommand {
    }

    record Logout(String user) implements LoginCommand {
    }

    sealed interface LoginOutcome permits LoggedIn, Refused {
        String user();
    }

    record LoggedIn(String user) implements LoginOutcome {
    }

    record Refused(String user, String reason) implements LoginOutcome {
    }

    record Audited(String user) {
    }

    record WhoIs(String user) {
    }

    record Answer(String text) {
    }

    interface NotSealed {
    }

    private final Microlith microlith = Microlith.create(config -> config
            .route(LoginCommand.class, "login:command", LoginCommand::user)
            .route(LoginOutcome.class, "login", LoginOutcome::user)
            .route(Audited.class, "audit", Audited::user));

    @AfterEach
    void close() {
        microlith.close();
    }

    private void answerLogins() {
        microlith.commandBus().subscribe(Login.class, login -> microlith.eventBus().dispatch(
                login.password().equals("secret") ? new LoggedIn(login.user()) : new Refused(login.user(), "wrong password")));
        microlith.start();
    }

    @Nested
    class SealedOutcomes {
        @Test
        void a_wait_for_a_sealed_family_returns_the_first_of_its_records_as_the_family() {
            answerLogins();
            var login = Envelope.correlated(new Login("ada", "nope"));
            CompletableFuture<LoginOutcome> answer = microlith.eventBus().waitForAsync(login.correlationId(),
                    LoginOutcome.class, Duration.ofSeconds(10));

            microlith.commandBus().dispatch(login);

            String said = switch (answer.join()) {
                case LoggedIn in -> "welcome " + in.user();
                case Refused refused -> "refused: " + refused.reason();
            };
            assertThat(said).isEqualTo("refused: wrong password");
        }

        @Test
        void a_blocking_wait_returns_the_family_too() {
            answerLogins();
            var login = Envelope.correlated(new Login("bob", "secret"));
            microlith.commandBus().dispatch(login);

            LoginOutcome outcome = microlith.eventBus().waitFor(login.correlationId(), LoginOutcome.class, Duration.ofSeconds(10));

            assertThat(outcome).isEqualTo(new LoggedIn("bob"));
        }

        @Test
        void refuses_a_type_that_is_neither_a_record_nor_a_sealed_interface() {
            assertThatThrownBy(() -> microlith.eventBus().waitFor("c-1", NotSealed.class, Duration.ofMillis(10)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(NotSealed.class.getName());
        }
    }

    @Nested
    class Requests {
        @Test
        void dispatch_and_wait_in_one_call() {
            answerLogins();

            LoginOutcome outcome = microlith.commandBus().request(new Login("cy", "secret"), LoginOutcome.class,
                    Duration.ofSeconds(10));

            assertThat(outcome).isEqualTo(new LoggedIn("cy"));
        }

        @Test
        void time_out_naming_the_conversation_when_no_outcome_comes() {
            microlith.start();
            var login = Envelope.correlated((LoginCommand) new Login("dee", "secret"));

            assertThatThrownBy(() -> microlith.commandBus().request(login, LoginOutcome.class, Duration.ofMillis(50)))
                    .isInstanceOf(WaitTimeoutException.class).hasMessageContaining(login.correlationId());
            assertThat(microlith.store().streamVersion(StreamName.of("login:command-dee")))
                    .as("the command stays stored").isZero();
        }

        @Test
        void need_a_correlated_message() {
            assertThatThrownBy(() -> microlith.commandBus().request(Envelope.of(new Login("ed", "x")), LoginOutcome.class,
                    Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Envelope.correlated");
        }

        @Test
        void fail_at_once_when_the_message_cannot_be_dispatched() {
            assertThatThrownBy(() -> microlith.commandBus().request(new Answer("no route"), Answer.class, Duration.ofSeconds(10)))
                    .isInstanceOf(NoRouteException.class);
        }

        @Test
        void on_the_query_bus_are_bounded_by_the_deadline_even_when_the_handler_is_slow() throws InterruptedException {
            CountDownLatch release = new CountDownLatch(1);
            microlith.queryBus().subscribe(WhoIs.class, query -> {
                release.await();
                return new Answer("late");
            });

            assertThatThrownBy(() -> microlith.queryBus().request(new WhoIs("fay"), Answer.class, Duration.ofMillis(50)))
                    .isInstanceOf(WaitTimeoutException.class);
            release.countDown();
        }

        @Test
        void on_the_query_bus_answer_with_the_handler_s_answer_or_its_failure() {
            microlith.queryBus().subscribe(WhoIs.class, query -> {
                if (query.user().isEmpty()) {
                    throw new IllegalArgumentException("who?");
                }
                if (query.user().equals("deep")) {
                    throw new StackOverflowError("too deep");
                }
                return new Answer("it is " + query.user());
            });

            assertThat(microlith.queryBus().request(new WhoIs("gus"), Answer.class, Duration.ofSeconds(10)).text())
                    .isEqualTo("it is gus");
            assertThatThrownBy(() -> microlith.queryBus().request(new WhoIs(""), Answer.class, Duration.ofSeconds(10)))
                    .isInstanceOf(QueryFailedException.class).hasMessageContaining("who?");
            assertThatThrownBy(() -> microlith.queryBus().request(new WhoIs("deep"), Answer.class, Duration.ofSeconds(10)))
                    .as("an Error fails the wait at once instead of letting it time out")
                    .isInstanceOf(QueryFailedException.class).hasMessageContaining("too deep");
            assertThatThrownBy(() -> microlith.queryBus().request(new Audited("x"), Answer.class, Duration.ofSeconds(10)))
                    .isInstanceOf(NoHandlerException.class);
        }
    }

    @Nested
    class WhatAHandlerDispatches {
        private Message stored(String stream) {
            return microlith.store().lastMessage(StreamName.of(stream)).orElseThrow();
        }

        @Test
        void follows_the_message_being_handled() {
            answerLogins();
            var login = Envelope.correlated(new Login("hal", "secret"));

            microlith.commandBus().request(login, LoggedIn.class, Duration.ofSeconds(10));

            Message command = stored("login:command-hal");
            Message event = stored("login-hal");
            assertThat(event.correlationId()).isEqualTo(login.correlationId());
            assertThat(event.metadata().causation().messageId()).isEqualTo(command.id());
            assertThat(event.metadata().causation().globalPosition()).isEqualTo(command.globalPosition());
        }

        @Test
        void keeps_explicit_metadata_of_its_own() {
            microlith.commandBus().subscribe(Login.class, login ->
                    microlith.eventBus().dispatch(Envelope.correlated(new Audited(login.user()))));
            microlith.start();
            var login = Envelope.correlated(new Login("ida", "secret"));
            microlith.commandBus().dispatch(login);
            microlith.awaitIdle(Duration.ofSeconds(10));

            Message audit = stored("audit-ida");
            assertThat(audit.correlationId()).isNotNull().isNotEqualTo(login.correlationId());
            assertThat(audit.metadata().causation()).isNull();
        }

        @Test
        void starts_no_conversation_outside_a_handler() {
            microlith.eventBus().dispatch(new Audited("jo"));

            assertThat(stored("audit-jo").metadata().isEmpty()).isTrue();
        }
    }

    @Nested
    class FamilyRoutes {
        @Test
        void route_every_record_of_a_sealed_family_in_one_call() {
            assertThat(microlith.commandBus().dispatch(new Logout("kim")).streamName()).isEqualTo(StreamName.of("login:command-kim"));
            assertThat(microlith.eventBus().dispatch(new Refused("kim", "x")).streamName()).isEqualTo(StreamName.of("login-kim"));
        }

        @Test
        void register_the_family_s_records_under_their_simple_names_before_any_is_dispatched() {
            assertThat(microlith.types().isRegistered("LoggedIn")).isTrue();
            assertThat(microlith.types().isRegistered("Logout")).isTrue();
        }

        @Test
        void refuse_a_type_that_is_not_a_family_and_a_record_routed_twice() {
            assertThatThrownBy(() -> microlith.routes().route(NotSealed.class, "x", n -> "1"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> microlith.routes().route(LoggedIn.class, "elsewhere", LoggedIn::user))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has a route to login");
        }
    }
}
