package io.dynacart.web.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dynacart} launcher's main: one runnable jar, one subcommand per job. Today: {@code demo}.
 * A new subcommand (node, cluster, admin, loadgen, bench) is a class annotated with {@link Command}
 * and listed in {@code subcommands} below.
 */
@Command(name = "dynacart", mixinStandardHelpOptions = true, version = "dynacart 0.1.0-SNAPSHOT",
        description = "DynaCart: a shopping cart on a Dynamo-style key-value store.",
        subcommands = {DemoCommand.class, CommandLine.HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND")
public final class DynacartCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. `dynacart demo`");
    }

    public static void main(String[] args) {
        // Chronicle Queue would otherwise report usage over the network and print release notes.
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        CommandLine cli = new CommandLine(new DynacartCommand());
        cli.setParameterExceptionHandler((e, rest) -> {
            CommandLine bad = e.getCommandLine();
            bad.getErr().println(bad.getCommandName() + ": " + e.getMessage());
            bad.getErr().println("Run `" + bad.getCommandSpec().qualifiedName() + " --help` for the options.");
            return 2;
        });
        int code = cli.execute(args);
        if (code != 0 || !DemoCommand.keepsRunning()) {
            System.exit(code);
        }
    }
}
