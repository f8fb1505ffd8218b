package io.microlith.demo.users;

import io.javalin.Javalin;
import io.microlith.demo.web.Refusals;
import io.microlith.Microlith;
import io.microlith.MicrolithConfig;
import io.microlith.component.Decider;
import io.microlith.demo.DemoSettings;
import io.microlith.demo.identity.IdentityMessages.UserEvent;
import io.microlith.demo.identity.IdentityMessages.UserForgotten;
import io.microlith.demo.identity.IdentityMessages.UserRegistered;
import io.microlith.demo.identity.Sessions;
import io.microlith.demo.identity.UserDirectory;
import io.microlith.demo.identity.Users;
import io.microlith.demo.identity.Users.User;
import io.microlith.demo.users.adapters.MicrolithProfiles;
import io.microlith.demo.users.adapters.UserRoutes;
import io.microlith.demo.users.adapters.UserRoutes.Administration;
import io.microlith.demo.users.adapters.UsersView;
import io.microlith.demo.users.application.UserService;
import io.microlith.demo.users.domain.Addresses;
import io.microlith.demo.users.domain.Addresses.Address;
import io.microlith.demo.users.domain.ProfileMessages.AddressClaimed;
import io.microlith.demo.users.domain.ProfileMessages.AddressCommand;
import io.microlith.demo.users.domain.ProfileMessages.AddressEvent;
import io.microlith.demo.users.domain.ProfileMessages.ChangeEmail;
import io.microlith.demo.users.domain.ProfileMessages.CreateProfile;
import io.microlith.demo.users.domain.ProfileMessages.EmailChanged;
import io.microlith.demo.users.domain.ProfileMessages.ForgetProfile;
import io.microlith.demo.users.domain.ProfileMessages.ProfileCommand;
import io.microlith.demo.users.domain.ProfileMessages.ProfileEvent;
import io.microlith.demo.users.domain.ProfileMessages.ReleaseAddress;
import io.microlith.demo.users.domain.ProfileRules;
import io.microlith.demo.users.domain.Profiles;
import io.microlith.demo.users.domain.Profiles.Profile;
import io.microlith.demo.views.ViewDatabase;
import io.microlith.demo.web.Pages;
import io.microlith.entity.EntityStore;
import io.microlith.entity.Projection;
import io.microlith.http.HttpFeature;
import io.microlith.http.live.LiveFeed;
import io.microlith.jdbc.ConnectionSource;

import java.util.List;
import java.util.Optional;

/**
 * The user service (seed 002): event-sourced profiles behind onion layers — the domain ({@code users.domain}: messages
 * and deciders, no framework), the application ({@code users.application}: the use cases and their ports), and the
 * adapters ({@code users.adapters}: the store and the users view on the toolkit, the HTTP routes). This class only
 * wires them, as the roles ask:
 * <ul>
 *   <li>{@code users}: the profile and address components, and the reactions that join them — a profile for each
 *       registered user ({@code UserRegistered → CreateProfile}), an address change once the address is claimed
 *       ({@code AddressClaimed → ChangeEmail}), the old address given back ({@code EmailChanged → ReleaseAddress}), the
 *       profile of a forgotten user forgotten ({@code UserForgotten → ForgetProfile}, decision 0087);</li>
 *   <li>{@code views}: the users view, in two copies for blue/green rebuilds;</li>
 *   <li>{@code web}: {@code /users/*} and the {@code /profile} page (the admin portal rebuilds the users view).</li>
 * </ul>
 */
public final class UsersFeature implements HttpFeature, Refusals {
    private final DemoSettings settings;
    private final UsersView usersView;
    private final Administration administration;
    private final LiveFeed feed;
    private Microlith microlith;
    private UserRoutes routes;

    /** The feature without administrators (only users forget themselves) nor live streams to close. */
    public UsersFeature(DemoSettings settings, ViewDatabase views) {
        this(settings, views, Administration.NONE, null);
    }

    /**
     * @param administration who may forget other users, and their audit trail
     * @param feed           the live streams, which end with the session of a user who forgot themself ({@code null}: none)
     */
    public UsersFeature(DemoSettings settings, ViewDatabase views, Administration administration, LiveFeed feed) {
        this(settings, views::openWriter, views::read, administration, feed);
    }

    /** The feature with its view in the database {@code writers} and {@code readers} open (SQLite or PostgreSQL). */
    public UsersFeature(DemoSettings settings, ConnectionSource writers, ConnectionSource readers) {
        this(settings, writers, readers, Administration.NONE, null);
    }

    private UsersFeature(DemoSettings settings, ConnectionSource writers, ConnectionSource readers,
                         Administration administration, LiveFeed feed) {
        this.settings = settings;
        this.usersView = new UsersView(writers, readers);
        this.administration = administration;
        this.feed = feed;
    }

    /** The users view this feature keeps (where the {@code views} role runs). */
    public UsersView view() {
        return usersView;
    }

    @Override
    public void configure(MicrolithConfig config) {
        config.route(ProfileCommand.class, "profile:command", ProfileCommand::userId)
                .route(ProfileEvent.class, "profile", ProfileEvent::userId)
                .route(AddressCommand.class, "address:command", AddressCommand::addressKey)
                .route(AddressEvent.class, "address", AddressEvent::addressKey);
    }

    @Override
    public void wire(Microlith microlith) {
        this.microlith = microlith;
        if (settings.runs("users")) {
            microlith.component(Decider.of(Profile.NONE, Profiles::decide, Profiles::evolve))
                    .commands(ProfileCommand.class, ProfileCommand::userId)
                    .entities(ProfileEvent.class)
                    .subscribe();
            EntityStore<User> registered = microlith.entities("user",
                    Projection.of(microlith.types(), User.NONE, UserEvent.class, Users::evolve)).build();
            UserDirectory directory = new UserDirectory(userId -> registered.fetch(userId).state());
            Addresses addresses = new Addresses(email -> Optional.of(directory.userIdOf(email))
                    .filter(userId -> directory.user(userId).active()), userId -> directory.user(userId).forgotten());
            microlith.component(Decider.of(Address.FREE, addresses::decide, Addresses::evolve))
                    .commands(AddressCommand.class, AddressCommand::addressKey)
                    .entities(AddressEvent.class)
                    .subscribe();
            // an address read as null: the user was forgotten before this reaction saw the event, and needs nothing more
            microlith.react(UserRegistered.class, user -> user.email() == null ? null : new CreateProfile(user.userId(),
                    user.email(), ProfileRules.defaultDisplayName(user.email())));
            microlith.react(AddressClaimed.class, claimed -> claimed.email() == null ? null
                    : new ChangeEmail(claimed.userId(), claimed.email()));
            // a previous address read as null: the user is forgotten meanwhile, and its addresses are free anyway
            microlith.react(EmailChanged.class, changed -> changed.previous() == null || changed.previous().equals(changed.email())
                    ? null : new ReleaseAddress(ProfileRules.addressKey(changed.previous()), changed.userId()));
            microlith.react(UserForgotten.class, forgotten -> new ForgetProfile(forgotten.userId()));
        }
        if (settings.runs("views")) {
            microlith.register(usersView.copies(microlith));
        }
    }

    @Override
    public List<Count> refusals() {
        return List.of(Count.rateLimit("profile-changes", () -> routes == null ? 0 : routes.refusedChanges()));
    }

    @Override
    public void mount(Javalin app) {
        Optional<UsersView> view = settings.runs("views") ? Optional.of(usersView) : Optional.empty();
        MicrolithProfiles profiles = new MicrolithProfiles(microlith, view, settings.deadline());
        Sessions sessions = new Sessions(microlith.queryBus());
        routes = new UserRoutes(new UserService(profiles, profiles), sessions, administration, microlith.commandBus(),
                key -> {
                    if (feed != null) {
                        feed.retire(key, "user forgotten");
                    }
                });
        routes.mount(app);
        Pages.mount(app, "/profile", "profile.html");
    }
}
