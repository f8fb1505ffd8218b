package io.microlith.cli;

import io.microlith.message.InvalidStreamNameException;
import io.microlith.store.MessageStoreException;
import picocli.CommandLine;

/**
 * How failures reach the user: one line on standard error, {@code microlith <command>: <what went wrong>}, and the
 * exit code of {@link Main}. A stack trace only with {@code MICROLITH_DEBUG=1}, for a bug report.
 */
final class Errors {
    private Errors() {
    }

    /** Something a command threw: {@link CommandFailure}s say their own code; anything else is a failure (1). */
    static int onFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        int code = switch (e) {
            case CommandFailure failure -> failure.exitCode();
            case InvalidStreamNameException invalid -> Main.USAGE;
            case IllegalArgumentException invalid -> Main.USAGE;
            default -> Main.FAILED;
        };
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName() : e.getMessage();
        if (!(e instanceof CommandFailure) && !(e instanceof MessageStoreException) && !(e instanceof IllegalArgumentException)) {
            message = e.getClass().getSimpleName() + ": " + message;
        }
        commandLine.getErr().println(commandLine.getCommandName().equals("microlith") ? "microlith: " + message
                : "microlith " + commandLine.getCommandName() + ": " + message);
        if (code == Main.USAGE) {
            commandLine.getErr().println("Try 'microlith " + commandLine.getCommandName() + " --help'.");
        }
        if ("1".equals(System.getenv("MICROLITH_DEBUG"))) {
            e.printStackTrace(commandLine.getErr());
        }
        return code;
    }

    /** A command line picocli could not parse: the reason and where to find help, exit code 2. */
    static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        String name = commandLine.getCommandSpec().qualifiedName();
        commandLine.getErr().println(name + ": " + e.getMessage());
        commandLine.getErr().println("Try '" + name + " --help'.");
        return Main.USAGE;
    }
}
