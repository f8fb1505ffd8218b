package io.microlith.demo.users.domain;

import io.microlith.privacy.DataSubject;
import io.microlith.privacy.PersonalData;

/**
 * The user service's messages (seed 002): a profile per user ({@code profile-<userId>}) changed by commands, and the
 * e-mail addresses profiles claim ({@code address-<addressKey>}), one stream per address so that an address is taken
 * once. Plain records and sealed families, without any framework; addresses and names are marked
 * {@link PersonalData} of the user ({@link DataSubject}), so that they are stored encrypted with the user's key and
 * read as {@code null} once the user is forgotten (decision 0087).
 */
public final class ProfileMessages {
    private ProfileMessages() {
    }

    /** What the profile component is asked to do, always about one user's profile. */
    public sealed interface ProfileCommand permits CreateProfile, ChangeDisplayName, ChangeEmail, DeactivateProfile,
            ForgetProfile {
        String userId();
    }

    /** Create the profile of a newly registered user. */
    public record CreateProfile(@DataSubject String userId, @PersonalData String email, @PersonalData String displayName)
            implements ProfileCommand {
    }

    public record ChangeDisplayName(@DataSubject String userId, @PersonalData String displayName) implements ProfileCommand {
    }

    /** Change the profile's address to one the user has claimed ({@link AddressClaimed}). */
    public record ChangeEmail(@DataSubject String userId, @PersonalData String email) implements ProfileCommand {
    }

    public record DeactivateProfile(String userId) implements ProfileCommand {
    }

    /** Forget the profile of a forgotten user: it reads as no profile from then on (decision 0087). */
    public record ForgetProfile(String userId) implements ProfileCommand {
    }

    /** The events of a profile's stream. */
    public sealed interface ProfileEvent permits ProfileCreated, DisplayNameChanged, EmailChanged, ProfileDeactivated,
            ProfileChangeRejected, ProfileForgotten {
        String userId();
    }

    /** What a change of a profile ends in, whatever was changed: what the application waits for. */
    public sealed interface ProfileChangeOutcome permits DisplayNameChanged, EmailChanged, ProfileDeactivated,
            ProfileChangeRejected, AddressClaimRejected {
    }

    public record ProfileCreated(@DataSubject String userId, @PersonalData String email, @PersonalData String displayName)
            implements ProfileEvent {
    }

    public record DisplayNameChanged(@DataSubject String userId, @PersonalData String displayName,
                                     @PersonalData String previous) implements ProfileEvent, ProfileChangeOutcome {
    }

    public record EmailChanged(@DataSubject String userId, @PersonalData String email, @PersonalData String previous)
            implements ProfileEvent, ProfileChangeOutcome {
    }

    /** The profile is closed for good: it keeps its history, and takes no change any more. */
    public record ProfileDeactivated(String userId) implements ProfileEvent, ProfileChangeOutcome {
    }

    /**
     * The profile's user is forgotten: the profile is no profile any more, its earlier events read with {@code null}
     * addresses and names, and views drop it.
     */
    public record ProfileForgotten(String userId) implements ProfileEvent {
    }

    /** A change was refused; {@code field} names the input at fault; {@code conflict}: it clashes with what exists. */
    public record ProfileChangeRejected(String userId, String field, String reason, boolean conflict)
            implements ProfileEvent, ProfileChangeOutcome {
    }

    /** What the address component is asked to do, always about one e-mail address. */
    public sealed interface AddressCommand permits ClaimAddress, ReleaseAddress {
        String addressKey();
    }

    /** Take {@code email} for {@code userId}'s profile; an address is one user's at a time. */
    public record ClaimAddress(String addressKey, @PersonalData String email, @DataSubject String userId)
            implements AddressCommand {
    }

    /** Give an address back (the profile moved to another one). */
    public record ReleaseAddress(String addressKey, String userId) implements AddressCommand {
    }

    /** The events of an address's stream. */
    public sealed interface AddressEvent permits AddressClaimed, AddressClaimRejected, AddressReleased {
        String addressKey();
    }

    public record AddressClaimed(String addressKey, @PersonalData String email, @DataSubject String userId)
            implements AddressEvent {
    }

    public record AddressClaimRejected(String addressKey, @PersonalData String email, @DataSubject String userId, String reason)
            implements AddressEvent, ProfileChangeOutcome {
    }

    public record AddressReleased(String addressKey, String userId) implements AddressEvent {
    }
}
