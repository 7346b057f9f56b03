package io.dynacart.loadgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import site.ycsb.Client;

/**
 * The load generator on its own: {@code java -jar loadgen/target/loadgen.jar [options]}, the same
 * command the {@code dynacart} launcher runs as {@code loadgen}. {@code java -jar loadgen.jar ycsb
 * [YCSB client arguments]} runs YCSB's client with the DynaCart binding instead; through
 * {@code -jar}, the jar's manifest gives Chronicle Queue the JVM access it needs, which a plain
 * {@code java -cp} would have to pass as flags.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // Keep Chronicle Queue from reaching the internet, as the JVM flags in the poms do.
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        if (args.length > 0 && args[0].equals("ycsb")) {
            List<String> ycsb = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
            if (!ycsb.contains("-db")) {
                ycsb.addAll(0, List.of("-db", "io.dynacart.loadgen.ycsb.DynaCartClient"));
            }
            Client.main(ycsb.toArray(String[]::new));
            return;
        }
        System.exit(LoadgenCommand.commandLine().execute(args));
    }
}
