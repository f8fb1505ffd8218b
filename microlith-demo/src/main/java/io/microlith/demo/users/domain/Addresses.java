package io.microlith.demo.users.domain;

import io.microlith.demo.users.domain.ProfileMessages.AddressClaimRejected;
import io.microlith.demo.users.domain.ProfileMessages.AddressClaimed;
import io.microlith.demo.users.domain.ProfileMessages.AddressCommand;
import io.microlith.demo.users.domain.ProfileMessages.AddressEvent;
import io.microlith.demo.users.domain.ProfileMessages.AddressReleased;
import io.microlith.demo.users.domain.ProfileMessages.ClaimAddress;
import io.microlith.demo.users.domain.ProfileMessages.ReleaseAddress;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The e-mail address entity ({@code address-<addressKey>}) as a decider: what makes profile addresses unique. An
 * address a user registered with belongs to that user; any other address to the profile that claimed it first, until
 * it is released, or until its holder is forgotten (decision 0087). One stream per address, written at its version, so
 * two claims of one address cannot both win.
 */
public final class Addresses {
    /** An address as folded from its stream: {@code ownerId} null while nobody holds it. */
    public record Address(String ownerId) {
        public static final Address FREE = new Address(null);
    }

    private final Function<String, Optional<String>> registrant;
    private final Predicate<String> forgotten;

    /**
     * @param registrant the user who registered with an address (at the identity service) and is not forgotten, if any
     * @param forgotten  whether a user id is of a forgotten user (whose addresses are free)
     */
    public Addresses(Function<String, Optional<String>> registrant, Predicate<String> forgotten) {
        this.registrant = registrant;
        this.forgotten = forgotten;
    }

    /** A claim is granted (again, to its holder) or rejected; a release by the holder frees the address. */
    public List<AddressEvent> decide(AddressCommand command, Address address) {
        return switch (command) {
            case ClaimAddress claim -> List.of(claim(claim, address));
            case ReleaseAddress release -> release.userId().equals(address.ownerId())
                    ? List.of(new AddressReleased(release.addressKey(), release.userId())) : List.of();
        };
    }

    private AddressEvent claim(ClaimAddress claim, Address address) {
        Optional<String> registered = registrant.apply(claim.email());
        if (registered.isPresent() && !registered.get().equals(claim.userId())) {
            return new AddressClaimRejected(claim.addressKey(), claim.email(), claim.userId(),
                    "this e-mail address belongs to another user");
        }
        if (address.ownerId() != null && !address.ownerId().equals(claim.userId()) && !forgotten.test(address.ownerId())) {
            return new AddressClaimRejected(claim.addressKey(), claim.email(), claim.userId(),
                    "this e-mail address is taken by another profile");
        }
        return new AddressClaimed(claim.addressKey(), ProfileRules.normalizeEmail(claim.email()), claim.userId());
    }

    public static Address evolve(Address address, AddressEvent event) {
        return switch (event) {
            case AddressClaimed claimed -> new Address(claimed.userId());
            case AddressClaimRejected rejected -> address;
            case AddressReleased released -> Address.FREE;
        };
    }
}
