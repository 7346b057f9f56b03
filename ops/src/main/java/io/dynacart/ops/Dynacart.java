package io.dynacart.ops;

import io.dynacart.loadgen.LoadgenCommand;
import io.dynacart.web.cli.DemoCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dynacart}: the launcher. Exit codes: 0 done, 1 a failure (one line naming the problem and
 * the fix), 2 a usage error (with the command's usage).
 */
@Command(name = "dynacart", mixinStandardHelpOptions = true, version = "dynacart 0.1.0-SNAPSHOT",
        description = "DynaCart: a Dynamo-style key-value store and shopping cart.",
        subcommands = {DemoCommand.class, LoadgenCommand.class, NodeCommand.class, ClusterCommand.class, AdminCommand.class, BenchCommand.class,
                SimCommand.class, CommandLine.HelpCommand.class})
public final class Dynacart implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Chronicle must not phone home or announce itself (Chronicle's analytics and banner; the parent pom's chronicle.jvm.args hold its JVM flags).
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line {@code args}; answers the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(out, err);
        try {
            if (args.length > 0 && args[0].equals("node")) {
                ConfigFile.install(cli.getSubcommands().get("node"), args);
            }
        } catch (OpsException e) {
            err.println("dynacart: " + e.getMessage());
            return 2;
        }
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, CommandLine.defaultFactory());
    }

    /** The launcher's command line, its commands made by {@code factory} (a test gives {@code sim} a planted storage). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new Dynacart(), factory);
        // `dynacart bench jmh -l`: options after the benchmark's name are the benchmark's own.
        cli.getSubcommands().get("bench").setUnmatchedOptionsArePositionalParams(true);
        SimCommand.describeFaultKinds(cli.getSubcommands().get("sim"));
        HelpText.install(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            Throwable shown = e instanceof OpsException ? e : rootOf(e);
            String text = shown instanceof OpsException ? shown.getMessage() : shown.toString();
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + text);
            if (System.getenv("DYNACART_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return commandLine.getCommandSpec().exitCodeOnExecutionException(); // 1, or the command's own
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            c.getErr().println("(see `" + c.getCommandSpec().qualifiedName() + " --help`)");
            return 2;
        });
        return cli;
    }

    private static Throwable rootOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof OpsException)) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a command: demo, loadgen, node, cluster, admin, bench or sim");
    }
}
