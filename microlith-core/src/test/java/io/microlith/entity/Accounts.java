package io.microlith.entity;

/** A small domain for the tests: framework-free commands, events, state, fold and decision. */
public final class Accounts {
    private Accounts() {
    }

    public sealed interface AccountCommand permits Deposit, Withdraw {
        String accountId();
    }

    public record Deposit(String accountId, long amount) implements AccountCommand {
    }

    public record Withdraw(String accountId, long amount) implements AccountCommand {
    }

    public sealed interface AccountEvent permits Deposited, Withdrawn, WithdrawalRejected {
        String accountId();
    }

    public record Deposited(String accountId, long amount) implements AccountEvent {
    }

    public record Withdrawn(String accountId, long amount) implements AccountEvent {
    }

    public record WithdrawalRejected(String accountId, long amount, String reason) implements AccountEvent {
    }

    public record Account(long balance, int transactions) {
        public static final Account NEW = new Account(0, 0);

        public static Account apply(Account account, AccountEvent event) {
            return switch (event) {
                case Deposited d -> new Account(account.balance + d.amount(), account.transactions + 1);
                case Withdrawn w -> new Account(account.balance - w.amount(), account.transactions + 1);
                case WithdrawalRejected r -> account;
            };
        }

        /** Every command's decision, as a decider's {@code decide}. */
        public static java.util.List<AccountEvent> decide(AccountCommand command, Account account) {
            return switch (command) {
                case Deposit d -> d.amount() == 0 ? java.util.List.of() : java.util.List.of(new Deposited(d.accountId(), d.amount()));
                case Withdraw w -> java.util.List.of(decide(account, w));
            };
        }

        public static AccountEvent decide(Account account, Withdraw withdraw) {
            return account.balance >= withdraw.amount()
                    ? new Withdrawn(withdraw.accountId(), withdraw.amount())
                    : new WithdrawalRejected(withdraw.accountId(), withdraw.amount(), "insufficient funds");
        }
    }
}
