package io.microlith.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * {@code java -jar microlith.jar <command> ...}: the {@code microlith} command line. Exit codes: {@value #OK} done,
 * {@value #FAILED} the command failed (a store that cannot be opened, a stream that does not exist, a copy refused
 * or not verified, an application that answered with an error), {@value #USAGE} the command line is wrong (an unknown
 * command or option, a malformed store setting, id or number). Errors are one line on standard error.
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        // The stores log their start-up at INFO (pool, schema); a command line shows warnings only, unless told.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with these outputs; returns its exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    /** The command tree with the error handling every command shares. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MicrolithCommand());
        commandLine.setExecutionExceptionHandler(Errors::onFailure);
        commandLine.setParameterExceptionHandler(Errors::onBadUsage);
        return commandLine;
    }
}
