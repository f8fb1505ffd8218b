package io.microlith.demo.users.domain;

import io.microlith.demo.users.domain.Addresses.Address;
import io.microlith.demo.users.domain.ProfileMessages.AddressClaimRejected;
import io.microlith.demo.users.domain.ProfileMessages.AddressClaimed;
import io.microlith.demo.users.domain.ProfileMessages.AddressReleased;
import io.microlith.demo.users.domain.ProfileMessages.ChangeDisplayName;
import io.microlith.demo.users.domain.ProfileMessages.ChangeEmail;
import io.microlith.demo.users.domain.ProfileMessages.ClaimAddress;
import io.microlith.demo.users.domain.ProfileMessages.CreateProfile;
import io.microlith.demo.users.domain.ProfileMessages.DeactivateProfile;
import io.microlith.demo.users.domain.ProfileMessages.DisplayNameChanged;
import io.microlith.demo.users.domain.ProfileMessages.EmailChanged;
import io.microlith.demo.users.domain.ProfileMessages.ForgetProfile;
import io.microlith.demo.users.domain.ProfileMessages.ProfileForgotten;
import io.microlith.demo.users.domain.ProfileMessages.ProfileChangeRejected;
import io.microlith.demo.users.domain.ProfileMessages.ProfileCreated;
import io.microlith.demo.users.domain.ProfileMessages.ProfileDeactivated;
import io.microlith.demo.users.domain.ProfileMessages.ReleaseAddress;
import io.microlith.demo.users.domain.Profiles.Profile;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The user service's domain, as the pure functions it is: no store, no bus, no framework. */
class ProfilesTest {
    static final Profile ANN = Profiles.evolve(Profile.NONE, new ProfileCreated("u1", "ann@example.org", "ann"));

    @Nested
    class A_profile {
        @Test
        void is_forgotten_once_with_its_user_and_then_is_no_profile_and_takes_no_change() {
            assertThat(Profiles.decide(new ForgetProfile("u1"), ANN)).containsExactly(new ProfileForgotten("u1"));
            Profile forgotten = Profiles.evolve(ANN, new ProfileForgotten("u1"));

            assertThat(forgotten.exists()).isFalse();
            assertThat(forgotten.email()).isNull();
            assertThat(forgotten.displayName()).isNull();
            assertThat(Profiles.decide(new ForgetProfile("u1"), forgotten)).isEmpty();
            assertThat(Profiles.decide(new ForgetProfile("u9"), Profile.NONE)).isEmpty();
            assertThat(Profiles.decide(new ChangeDisplayName("u1", "Back"), forgotten)).singleElement()
                    .isInstanceOf(ProfileChangeRejected.class);
            assertThat(Profiles.decide(new CreateProfile("u1", "ann@example.org", "ann"), forgotten)).isEmpty();
        }

        @Test
        void is_created_once() {
            assertThat(Profiles.decide(new CreateProfile("u1", "Ann@Example.org ", "ann"), Profile.NONE))
                    .containsExactly(new ProfileCreated("u1", "ann@example.org", "ann"));
            assertThat(Profiles.decide(new CreateProfile("u1", "ann@example.org", "ann"), ANN)).isEmpty();
        }

        @Test
        void changes_its_display_name_and_address_remembering_the_previous_ones() {
            assertThat(Profiles.decide(new ChangeDisplayName("u1", " Ann Lee "), ANN))
                    .containsExactly(new DisplayNameChanged("u1", "Ann Lee", "ann"));
            assertThat(Profiles.decide(new ChangeEmail("u1", "ANN@new.example.org"), ANN))
                    .containsExactly(new EmailChanged("u1", "ann@new.example.org", "ann@example.org"));
        }

        @Test
        void refuses_a_display_name_the_rules_refuse_naming_the_field() {
            assertThat(Profiles.decide(new ChangeDisplayName("u1", "x".repeat(51)), ANN)).containsExactly(
                    new ProfileChangeRejected("u1", "displayName", "displayName must be at most 50 characters, was 51", false));
            assertThat(Profiles.decide(new ChangeDisplayName("u1", "a\nb"), ANN)).singleElement()
                    .isInstanceOf(ProfileChangeRejected.class);
        }

        @Test
        void refuses_an_address_that_is_not_one() {
            assertThat(Profiles.decide(new ChangeEmail("u1", "not an address"), ANN)).singleElement()
                    .satisfies(event -> assertThat(((ProfileChangeRejected) event).field()).isEqualTo("email"));
        }

        @Test
        void takes_no_change_once_deactivated_and_none_before_it_exists() {
            Profile closed = Profiles.evolve(ANN, new ProfileDeactivated("u1"));
            assertThat(Profiles.decide(new DeactivateProfile("u1"), ANN)).containsExactly(new ProfileDeactivated("u1"));
            assertThat(Profiles.decide(new ChangeDisplayName("u1", "Ann"), closed))
                    .containsExactly(new ProfileChangeRejected("u1", "active", "the profile is deactivated", true));
            assertThat(Profiles.decide(new DeactivateProfile("u1"), closed)).singleElement()
                    .isInstanceOf(ProfileChangeRejected.class);
            assertThat(Profiles.decide(new ChangeDisplayName("u9", "Nobody"), Profile.NONE)).singleElement()
                    .satisfies(event -> assertThat(((ProfileChangeRejected) event).field()).isEqualTo("userId"));
        }

        @Test
        void starts_with_the_local_part_of_the_address_as_its_display_name() {
            assertThat(ProfileRules.defaultDisplayName("Ann.Lee@example.org")).isEqualTo("ann.lee");
            assertThat(ProfileRules.defaultDisplayName("\u200b@example.org")).isEqualTo("user");
            assertThat(ProfileRules.defaultDisplayName("x".repeat(64) + "@example.org")).hasSize(50);
        }
    }

    @Nested
    class An_address {
        final Addresses addresses = new Addresses(email -> email.equals("bob@example.org") ? Optional.of("bob") : Optional.empty(),
                userId -> userId.equals("gone"));
        final String key = ProfileRules.addressKey("new@example.org");

        @Test
        void is_claimed_by_the_first_profile_and_refused_to_the_next_until_released() {
            Address held = Addresses.evolve(Address.FREE, new AddressClaimed(key, "new@example.org", "ann"));

            assertThat(addresses.decide(new ClaimAddress(key, "new@example.org", "ann"), Address.FREE))
                    .containsExactly(new AddressClaimed(key, "new@example.org", "ann"));
            assertThat(addresses.decide(new ClaimAddress(key, "new@example.org", "cy"), held)).containsExactly(
                    new AddressClaimRejected(key, "new@example.org", "cy", "this e-mail address is taken by another profile"));
            assertThat(addresses.decide(new ReleaseAddress(key, "cy"), held)).as("only its holder releases it").isEmpty();
            assertThat(addresses.decide(new ReleaseAddress(key, "ann"), held)).containsExactly(new AddressReleased(key, "ann"));
        }

        @Test
        void held_by_a_forgotten_user_is_free_to_claim() {
            Address held = Addresses.evolve(Address.FREE, new AddressClaimed(key, "new@example.org", "gone"));

            assertThat(addresses.decide(new ClaimAddress(key, "new@example.org", "ann"), held))
                    .containsExactly(new AddressClaimed(key, "new@example.org", "ann"));
        }

        @Test
        void a_user_registered_with_belongs_to_that_user() {
            String bobs = ProfileRules.addressKey("bob@example.org");
            assertThat(addresses.decide(new ClaimAddress(bobs, "bob@example.org", "ann"), Address.FREE)).singleElement()
                    .isInstanceOf(AddressClaimRejected.class);
            assertThat(addresses.decide(new ClaimAddress(bobs, "bob@example.org", "bob"), Address.FREE)).singleElement()
                    .isInstanceOf(AddressClaimed.class);
        }

        @Test
        void has_a_key_that_does_not_show_the_address_and_ignores_case() {
            assertThat(key).doesNotContain("new").isEqualTo(ProfileRules.addressKey(" NEW@example.org"));
        }
    }
}
