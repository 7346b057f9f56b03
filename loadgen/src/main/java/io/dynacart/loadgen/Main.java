package io.dynacart.loadgen;

/**
 * The load generator on its own: {@code java -jar loadgen/target/loadgen.jar [options]}; the same
 * command the {@code dynacart} launcher runs as {@code loadgen}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Keep Chronicle Queue from reaching the internet, as the JVM flags in the poms do.
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.exit(LoadgenCommand.commandLine().execute(args));
    }
}
