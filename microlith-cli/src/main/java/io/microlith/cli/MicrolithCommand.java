package io.microlith.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top command: lists the commands; each has its own {@code --help}. */
@Command(name = "microlith", mixinStandardHelpOptions = true, version = "microlith 0.1.0",
        description = {"Inspect Microlith message stores, follow categories, copy a store into another, and act on a"
                + " running application.", ""},
        subcommands = {InfoCommand.class, StreamsCommand.class, ReadCommand.class, TailCommand.class,
                CorrelationCommand.class, ConsumersCommand.class, ParkedCommand.class, RetryCommand.class,
                SkipCommand.class, RebuildCommand.class, SchemaCommand.class, CopyCommand.class},
        footer = {"", "STORE is a store setting: sqlite:<file>, postgresql://[user[:password]@]host[:port]/database[?...],"
                + " memory: (empty: for trying).",
                "Exit codes: 0 done, 1 the command failed, 2 the command line is wrong."})
final class MicrolithCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command");
    }
}
