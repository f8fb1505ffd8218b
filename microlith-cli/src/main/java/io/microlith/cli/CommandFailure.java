package io.microlith.cli;

/** A command that cannot do what it was asked, with its one-line reason and exit code ({@link Main}). */
final class CommandFailure extends RuntimeException {
    private final int exitCode;

    private CommandFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The command failed (exit code 1): a missing stream, a refused copy, an application's error. */
    static CommandFailure failed(String message) {
        return new CommandFailure(message, Main.FAILED);
    }

    /** The command line is wrong (exit code 2) in a way only the command can tell. */
    static CommandFailure usage(String message) {
        return new CommandFailure(message, Main.USAGE);
    }

    int exitCode() {
        return exitCode;
    }
}
