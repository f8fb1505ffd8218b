package io.microlith.demo.identity;

import io.javalin.http.Context;
import io.microlith.http.ClientConnection;
import io.microlith.http.RateLimit;

import java.time.Duration;

/**
 * How fast logins may be tried, so that guessing a password takes years, without letting an attacker lock the owner
 * out: each limit delays (429 with {@code Retry-After}), none locks. Two budgets, each a token bucket:
 * <ul>
 *   <li>per client address and account: 5 tries at once, then one every 10 s — one guesser of one account;</li>
 *   <li>per client address: 30 tries at once, then one every 2 s — one guesser of many accounts.</li>
 * </ul>
 * There is no budget per account alone: attackers spending it from many addresses would keep its owner, coming from
 * another address, out for as long as they keep at it. The counts are per web process and kept in bounded memory
 * ({@link RateLimit}).
 */
final class LoginLimits {
    private final RateLimit perClientAndAccount = RateLimit.builder().burst(5).refillEvery(Duration.ofSeconds(10))
            .describedAs("logins from this address to this account").build();
    private final RateLimit perClient = RateLimit.builder().burst(30).refillEvery(Duration.ofSeconds(2))
            .describedAs("logins from this address").build();

    /** Logins refused with 429 so far, by either budget: for metrics. */
    long refusedCount() {
        return perClientAndAccount.refusedCount() + perClient.refusedCount();
    }

    /** Takes one try of each budget for this request, or answers 429 with the longest wait. */
    void admit(Context ctx, String email) {
        String client = ClientConnection.address(ctx);
        String account = IdentityRules.userIdOf(email);
        perClientAndAccount.acquire(client + "/" + account);
        perClient.acquire(client);
    }
}
