package io.microlith.demo.users.application;

/**
 * What a use case of the user service ends in: done with a value, or one of the refusals an adapter translates (HTTP:
 * 404, 403, 400, 409). A closed choice, so that an adapter's {@code switch} over it is exhaustive.
 *
 * @param <T> the value when done
 */
public sealed interface Result<T> {
    /** Done. */
    record Done<T>(T value) implements Result<T> {
    }

    /** Nothing there for this caller (also what another user's profile looks like). */
    record NotFound<T>(String what) implements Result<T> {
    }

    /** The input breaks a rule; {@code field} names it ({@code null}: the request as a whole). */
    record Invalid<T>(String field, String reason) implements Result<T> {
    }

    /** This caller may not do this (whether or not the thing exists). */
    record Forbidden<T>(String why) implements Result<T> {
    }

        /** The request clashes with what exists (an address taken, a profile deactivated). */
    record Conflict<T>(String field, String reason) implements Result<T> {
    }
}
