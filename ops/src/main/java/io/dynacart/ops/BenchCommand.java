package io.dynacart.ops;

import io.dynacart.bench.BackupBench;
import io.dynacart.bench.ClusterBench;
import io.dynacart.bench.StorageBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code dynacart bench}: the benchmarks of {@code docs/BENCHMARKS.md}, runnable by anyone with the
 * jar. The same programs as {@code bench/run}, run in this JVM (JMH forks its own).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the benchmarks of docs/BENCHMARKS.md.",
                "jmh (hot paths: ring, versioning), storage (append log + SQLite), cluster (5 nodes over TCP, open"
                        + " loop), or all of them; backup (a node's backup and restore per GiB; not in all: it writes"
                        + " several GiB).",
                "Arguments after the name go to that benchmark, e.g. `dynacart bench cluster --direct`, or"
                        + " `dynacart bench jmh -h` for JMH's options."})
public final class BenchCommand implements Callable<Integer> {

    /** What {@code bench/run jmh} passes JMH: one fork, short warm-up and measurement. */
    static final List<String> JMH_DEFAULTS = List.of("-f", "1", "-wi", "3", "-i", "5", "-w", "1", "-r", "1");

    @Parameters(index = "0", defaultValue = "all", paramLabel = "WHICH",
            description = "jmh, storage, cluster, all or backup (default: ${DEFAULT-VALUE})")
    String which;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "passed to the benchmark")
    List<String> args = new ArrayList<>();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String[] rest = args.toArray(String[]::new);
        switch (which) {
            case "jmh":
                jmh(rest);
                return 0;
            case "storage":
                StorageBench.main(rest);
                return 0;
            case "cluster":
                ClusterBench.main(rest);
                return 0;
            case "backup":
                BackupBench.main(rest);
                return 0;
            case "all":
                if (rest.length > 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "`bench all` takes no arguments; name one benchmark to pass it some");
                }
                jmh(rest);
                StorageBench.main(rest);
                ClusterBench.main(rest);
                return 0;
            default:
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "no benchmark \"" + which + "\"; there are jmh, storage, cluster, all and backup");
        }
    }

    private static void jmh(String[] rest) throws Exception {
        Main.main(jmhArgs(List.of(rest)).toArray(String[]::new));
    }

    /** {@link #JMH_DEFAULTS} for the options {@code given} does not set, then {@code given}. */
    static List<String> jmhArgs(List<String> given) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < JMH_DEFAULTS.size(); i += 2) {
            if (!given.contains(JMH_DEFAULTS.get(i))) {
                all.add(JMH_DEFAULTS.get(i));
                all.add(JMH_DEFAULTS.get(i + 1));
            }
        }
        all.addAll(given);
        return all;
    }
}
