package io.dynacart.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.dynacart.store.cluster.FaultAction;
import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.store.cluster.ScheduledFault;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.sim.FaultMix;
import io.dynacart.store.sim.Shrinker;
import io.dynacart.store.sim.Simulation;
import io.dynacart.store.sim.SimulationEnvironment;
import io.dynacart.store.sim.Timeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dynacart sim}: the store's deterministic simulator ({@code store-engine}'s {@code sim}
 * package, docs/SIMULATION.md) from the launcher. Runs seeded schedules of faults against a whole
 * simulated cluster, judges the invariants after each, and for a violation prints the seed and the
 * command that replays it, shrinks the run ({@link Shrinker}) and prints the smallest one's timeline;
 * {@code --html} draws a timeline as a page ({@link SimTimelinePage}).
 */
@Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the store's deterministic simulator: seeded fault schedules against a simulated cluster,"
                + " each judged by the store's invariants.",
                "Each schedule builds a cluster of simulated nodes (in-memory network, virtual clock), has clients read,"
                        + " write and delete a few colliding keys while faults strike (crashes, partitions, lossy links,"
                        + " joins, leaves, wiped disks), then heals everything, lets the cluster settle and checks every"
                        + " invariant. A seed replays its schedule exactly, e.g. `ops/dynacart sim --seed 42 --schedules 1`.",
                "On a violation it prints the seed and the command that replays it, shrinks the run to a smaller one"
                        + " that still fails, and prints that run's timeline; --html FILE draws the timeline as a page,"
                        + " for a passing run too.",
                "Exit codes: 0 every schedule passed, 1 an invariant was violated, 2 a usage error."})
public final class SimCommand implements Callable<Integer> {

    /** What {@code --fault-schedule} takes for a run without faults. */
    static final String NO_FAULTS = "none";
    static final int MIN_NODES = 3;
    static final int MAX_NODES = 9;
    static final long MIN_WORKLOAD_MILLIS = 200;
    static final long MAX_WORKLOAD_MILLIS = 600_000;
    static final int MAX_SCHEDULES = 10_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "S", description = "the first schedule's seed; the others follow it (default:"
            + " drawn at random, and printed)")
    Long seed;

    @Option(names = "--schedules", paramLabel = "N", defaultValue = "200",
            description = "how many seeded schedules to run (default: ${DEFAULT-VALUE})")
    int schedules;

    @Option(names = "--nodes", paramLabel = "K", defaultValue = "5",
            description = "nodes in each simulated cluster, 3 to 9 (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--faults", paramLabel = "MIX", defaultValue = FaultMix.STANDARD_NAME,
            description = "which faults strike: standard (what mvn verify runs), or a comma list of kinds, each with an"
                    + " optional weight, e.g. crash=2,partition,drop; the kinds are listed below (default:"
                    + " ${DEFAULT-VALUE})")
    String faults;

    @Option(names = "--fault-count", paramLabel = "F", defaultValue = "6",
            description = "faults planned in each schedule, 0 to 200 (default: ${DEFAULT-VALUE})")
    int faultCount;

    @Option(names = "--fault-schedule", paramLabel = "TEXT",
            description = "exactly these faults in every schedule instead of planned ones, in the load generator's"
                    + " syntax (times from the workload's start), e.g. `1s:stop n3, 2500ms:restart n3`, or none;"
                    + " what a shrunk run's replay command gives")
    String faultSchedule;

    @Option(names = "--zones", paramLabel = "Z",
            description = "put the nodes in Z zones in turn (n1 in a, n2 in b, ...); a partition then cuts a whole zone"
                    + " off half the time (default: 1, or 3 with zone-cut in --faults)")
    Integer zones;

    @Option(names = "--namespaces", description = "make four namespaces beside the default one (last-write-wins, ttl,"
            + " W=3, both rules), so that their laws are judged too")
    boolean namespaces;

    @Option(names = "--clients", paramLabel = "C", description = "simulated clients, 1 to 64 (default: 4, or 6 with"
            + " --namespaces)")
    Integer clients;

    @Option(names = "--keys", paramLabel = "K", description = "keys the clients share (in each namespace), 1 to 100"
            + " (default: 6, or 4 with --namespaces)")
    Integer keys;

    @Option(names = "--workload", paramLabel = "TIME", description = "virtual time the clients run, e.g. 8s or 500ms,"
            + " from 200ms to 10m (default: 8s)")
    String workload;

    @Option(names = "--threads", paramLabel = "T", description = "schedules run at once (default: the number of"
            + " processors)")
    Integer threads;

    @Option(names = {"-v", "--verbose"}, description = "print every schedule's verdict, not only the failures")
    boolean verbose;

    @Option(names = "--html", paramLabel = "FILE", description = "write a timeline page: of the smallest failing run,"
            + " or with every schedule passing, of the first")
    Path html;

    @Option(names = "--key", paramLabel = "KEY", description = "the key whose operations a timeline shows, e.g. k2 or"
            + " lww/k0 (default: the key the violation names; in a passing run the one whose reads saw the most siblings)")
    String key;

    @Option(names = "--shrink-runs", paramLabel = "R", defaultValue = "150",
            description = "most runs the shrinker tries on a failure; 0 does not shrink (default: ${DEFAULT-VALUE})")
    int shrinkRuns;

    private final SimulationEnvironment environment;

    public SimCommand() {
        this(SimulationEnvironment.REAL);
    }

    /** A command whose simulations run in {@code environment} (a test plants a broken storage). */
    SimCommand(SimulationEnvironment environment) {
        this.environment = environment;
    }

    /** Lists the fault kinds of {@code --faults} at the foot of {@code sim}'s help. */
    static void describeFaultKinds(CommandLine sim) {
        List<String> footer = new ArrayList<>(List.of("%nFault kinds (--faults):"));
        SimReport.faultKinds().forEach(line -> footer.add(line.replace("%", "%%")));
        sim.getCommandSpec().usageMessage().footer(String.join("%n", footer) + "%n");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimSweepConfig sweep = sweep();
        Optional<Key> followed = followed(sweep.simulation());
        Path page = page();
        Logger store = (Logger) LoggerFactory.getLogger("io.dynacart");
        Level before = store.getLevel();
        // Thousands of simulated nodes would drown the output in their logs; the invariants judge them.
        store.setLevel(Level.OFF);
        try {
            return run(sweep, followed, page, out, err);
        } finally {
            store.setLevel(before);
        }
    }

    private int run(SimSweepConfig sweep, Optional<Key> followed, Path page, PrintWriter out, PrintWriter err) {
        SimReport.header(sweep, seed != null).forEach(out::println);
        out.println();
        out.flush();
        SimProgress progress = new SimProgress(err, System.console() != null);
        Totals totals = runAll(sweep, progress, out);
        progress.clear();
        if (totals.printed > 0) {
            out.println();
        }
        summary(sweep, totals, progress.seconds(), out);
        Optional<Simulation.Result> first = totals.failures.stream().findFirst();
        if (first.isPresent()) {
            explain(sweep, first.get(), followed, page, progress, out, err);
        } else if (totals.errors.isEmpty() && page != null) {
            Simulation.Traced traced = Simulation.trace(sweep.firstSeed(), sweep.simulation(), sweep.faults(),
                    environment);
            Key shown = followed.orElseGet(() -> busiest(traced.timeline()));
            write(page, new SimTimelinePage.Page("dynacart sim: seed " + sweep.firstSeed(), SimReport.setup(sweep),
                    traced.result(), traced.timeline(), shown, sweep.replay(sweep.firstSeed())));
            out.println("Timeline page of seed " + sweep.firstSeed() + " (operations on " + shown + "): " + page);
        } else if (totals.errors.isEmpty()) {
            out.println("See what one schedule did: " + sweep.replay(sweep.firstSeed()) + " --html sim-"
                    + sweep.firstSeed() + ".html");
        }
        out.flush();
        return totals.failures.isEmpty() && totals.errors.isEmpty() ? 0 : 1;
    }

    /** What the sweep saw. */
    private static final class Totals {
        int done;
        int printed;
        long operations;
        long acknowledged;
        long siblings;
        long faults;
        long virtualMillis;
        final List<Simulation.Result> failures = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
    }

    /** Runs every schedule and prints their verdicts in seed order, with progress on stderr. */
    private Totals runAll(SimSweepConfig sweep, SimProgress progress, PrintWriter out) {
        Totals totals = new Totals();
        new SimSweep(sweep, environment).run(o -> {
            record(o, sweep, totals, progress, out);
            if (totals.done < sweep.schedules()) {
                progress.show(SimProgress.sweep(totals.done, sweep.schedules(),
                        totals.failures.size() + totals.errors.size(), progress.seconds()), false);
            }
        });
        return totals;
    }

    private void record(SimSweep.Outcome o, SimSweepConfig sweep, Totals totals, SimProgress progress, PrintWriter out) {
        totals.done++;
        List<String> lines = new ArrayList<>();
        if (o.thrown() != null) {
            totals.errors.add("seed " + o.seed());
            lines.add("seed " + o.seed() + "  ERROR the run itself broke: " + SimReport.shortened(String.valueOf(o.thrown())));
            lines.add("    replay: " + sweep.replay(o.seed()));
        } else {
            Simulation.Result r = o.result();
            totals.operations += r.operations();
            totals.acknowledged += r.acknowledged();
            totals.siblings += r.readsWithSiblings();
            totals.faults += r.faults().faults().size();
            totals.virtualMillis += r.virtualMillis();
            if (!r.ok()) {
                totals.failures.add(r);
                lines.add(SimReport.verdict(r, sweep.seedWidth()));
                lines.addAll(SimReport.firstViolations(r));
                lines.add("    replay: " + sweep.replay(r.seed()));
            } else if (verbose || sweep.schedules() == 1) {
                lines.add(SimReport.verdict(r, sweep.seedWidth()));
            }
        }
        if (!lines.isEmpty()) {
            progress.clear();
            lines.forEach(out::println);
            out.flush();
            totals.printed += lines.size();
        }
    }

    private static void summary(SimSweepConfig sweep, Totals totals, double seconds, PrintWriter out) {
        int failed = totals.failures.size() + totals.errors.size();
        double perMinute = seconds > 0 ? totals.done / seconds * 60 : 0;
        out.println(String.format(Locale.ROOT, "%d schedule%s in %.1f s (%s a minute on %d thread%s): %d passed, %s.",
                totals.done, totals.done == 1 ? "" : "s", seconds, SimReport.count(Math.round(perMinute)), sweep.threads(),
                sweep.threads() == 1 ? "" : "s", totals.done - failed, failed == 0 ? "0 failed" : failed + " FAILED"));
        out.println("Simulated " + SimReport.count(totals.operations) + " client operations ("
                + SimReport.count(totals.acknowledged) + " writes acknowledged, " + SimReport.count(totals.siblings)
                + " reads saw siblings) under " + SimReport.count(totals.faults) + " faults, in "
                + SimReport.span(totals.virtualMillis) + " of virtual time.");
        if (failed > 0) {
            List<String> seeds = new ArrayList<>();
            totals.failures.forEach(r -> seeds.add(r.seed() + " (" + r.firstViolated().orElseThrow() + ")"));
            seeds.addAll(totals.errors.stream().map(e -> e + " (the run broke)").toList());
            out.println("Failed: seed" + (seeds.size() == 1 ? " " : "s ") + String.join(", ", seeds.stream().limit(20).toList())
                    + (seeds.size() > 20 ? ", ..." : "") + ".");
        }
    }

    /** A violation: the replay command, the smallest failing run found, its timeline and, with --html, its page. */
    private void explain(SimSweepConfig sweep, Simulation.Result failing, Optional<Key> followed, Path page,
                         SimProgress progress, PrintWriter out, PrintWriter err) {
        String law = failing.firstViolated().orElseThrow();
        out.println();
        out.println("Seed " + failing.seed() + " broke " + law + ". Replay it: " + sweep.replay(failing.seed()));
        Simulation.Config config = sweep.simulation();
        Optional<FaultSchedule> faults = sweep.faults();
        if (shrinkRuns > 0) {
            out.println("Shrinking it: the same seed with an earlier end, fewer faults, clients and keys (at most "
                    + shrinkRuns + " runs) ...");
            out.flush();
            Shrinker.Shrunk shrunk = Shrinker.shrink(failing, config, environment, shrinkRuns, (runs, best) ->
                    progress.show(String.format(Locale.ROOT, "sim: shrinking seed %d, %d runs, smallest so far %d"
                            + " operations", failing.seed(), runs, best.operations()), false));
            progress.clear();
            config = shrunk.smallest().config();
            faults = Optional.of(shrunk.smallest().faults());
            String replay = SimSweepConfig.replay(failing.seed(), config, faults);
            SimReport.shrunk(failing, sweep.simulation(), shrunk, replay).forEach(out::println);
        }
        Simulation.Traced traced = Simulation.trace(failing.seed(), config, faults, environment);
        Simulation.Result r = traced.result();
        List<String> broken = r.violations().getOrDefault(law, List.of());
        Key shown = followed.or(() -> broken.stream().map(v -> traced.timeline().keyIn(v)).flatMap(Optional::stream)
                .findFirst()).orElseGet(() -> busiest(traced.timeline()));
        String replay = SimSweepConfig.replay(failing.seed(), config, faults);
        out.println();
        out.println("Timeline of " + (shrinkRuns > 0 ? "the smallest run" : "seed " + failing.seed())
                + " (virtual ms; the cluster's events and every operation on " + shown
                + (followed.isEmpty() && !broken.isEmpty() && traced.timeline().keyIn(broken.get(0)).isPresent()
                ? ", the key the violation names" : "") + "):");
        SimReport.timeline(traced.timeline(), shown).forEach(out::println);
        if (page != null) {
            write(page, new SimTimelinePage.Page("dynacart sim: seed " + failing.seed()
                    + (shrinkRuns > 0 ? ", shrunk" : ""), SimReport.setup(new SimSweepConfig(failing.seed(), 1, config,
                    faults, 1)), r, traced.timeline(), shown, replay));
            out.println("Timeline page: " + page);
        } else {
            out.println("Draw it as a page: " + replay + " --html sim-" + failing.seed() + ".html");
        }
        err.flush();
    }

    /** The key whose reads saw the most siblings, else the one with the most operations. */
    private static Key busiest(Timeline t) {
        return t.keys().stream().max(Comparator.<Key>comparingLong(k -> t.operations(k).stream()
                        .filter(op -> op.outcome().endsWith(" siblings)")).count())
                .thenComparingLong(k -> t.operations(k).size())
                .thenComparing(k -> -t.keys().indexOf(k))).orElseThrow();
    }

    private static void write(Path page, SimTimelinePage.Page content) {
        try {
            Files.writeString(page, SimTimelinePage.render(content), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OpsException("cannot write the timeline page " + page + ": " + e.getMessage()
                    + "; name a writable file with --html", e);
        }
    }

    // ---- options to settings, every problem a usage error ----

    private SimSweepConfig sweep() {
        require(schedules >= 1 && schedules <= MAX_SCHEDULES, "--schedules must be from 1 to " + MAX_SCHEDULES
                + ", was " + schedules);
        require(nodes >= MIN_NODES && nodes <= MAX_NODES, "--nodes must be from " + MIN_NODES + " to " + MAX_NODES
                + ", was " + nodes);
        require(faultCount >= 0 && faultCount <= 200, "--fault-count must be from 0 to 200, was " + faultCount);
        require(shrinkRuns >= 0 && shrinkRuns <= 10_000, "--shrink-runs must be from 0 to 10000, was " + shrinkRuns);
        FaultMix mix;
        try {
            mix = FaultMix.parse(faults);
        } catch (IllegalArgumentException e) {
            throw usage("--faults: " + e.getMessage());
        }
        Optional<FaultSchedule> given = Optional.ofNullable(faultSchedule).map(this::faultSchedule);
        boolean mixGiven = spec.commandLine().getParseResult().hasMatchedOption("--faults");
        boolean countGiven = spec.commandLine().getParseResult().hasMatchedOption("--fault-count");
        require(given.isEmpty() || !mixGiven && !countGiven, "--fault-schedule gives the faults exactly; leave out"
                + " --faults and --fault-count");
        boolean zoneCuts = mix.has(FaultMix.Kind.ZONE_CUT) || given.isPresent() && given.get().faults().stream()
                .anyMatch(f -> f.action() instanceof FaultAction.CutZone);
        int z = zones != null ? zones : zoneCuts ? Math.min(3, nodes) : 1;
        require(z >= 1 && z <= nodes, "--zones must be from 1 to the number of nodes (" + nodes + "), was " + z);
        require(!zoneCuts || z > 1, "zone-cut needs the nodes in zones: add --zones 2 or more (e.g. --zones 3)");
        Simulation.Config d = SimSweepConfig.defaults(namespaces);
        int c = clients != null ? clients : d.clients();
        int k = keys != null ? keys : d.keys();
        require(c >= 1 && c <= 64, "--clients must be from 1 to 64, was " + c);
        require(k >= 1 && k <= 100, "--keys must be from 1 to 100, was " + k);
        long millis = workload == null ? d.workloadMillis() : millis("--workload", workload);
        require(millis >= MIN_WORKLOAD_MILLIS && millis <= MAX_WORKLOAD_MILLIS, "--workload must be from "
                + MIN_WORKLOAD_MILLIS + "ms to 10m, was " + workload);
        int t = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
        require(t >= 1 && t <= 64, "--threads must be from 1 to 64, was " + t);
        long first = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
        require(first <= Long.MAX_VALUE - schedules, "--seed " + first + " with --schedules " + schedules
                + " runs past the largest seed; give a smaller --seed");
        Simulation.Config config = d.inZones(nodes, z, faultCount).withWorkload(c, k, millis).withFaultMix(mix);
        given.ifPresent(g -> checkNodes(g, nodes));
        return new SimSweepConfig(first, schedules, config, given, Math.min(t, schedules));
    }

    private FaultSchedule faultSchedule(String text) {
        if (text.strip().equalsIgnoreCase(NO_FAULTS)) {
            return FaultSchedule.NONE;
        }
        try {
            return FaultSchedule.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage("--fault-schedule: " + e.getMessage());
        }
    }

    /** Every node a schedule names is one of the cluster's, or one it joined earlier. */
    private void checkNodes(FaultSchedule schedule, int count) {
        Set<NodeId> known = new HashSet<>();
        for (int i = 1; i <= count; i++) {
            known.add(NodeId.of("n" + i));
        }
        for (ScheduledFault f : schedule.faults()) {
            if (f.action() instanceof FaultAction.Join j) {
                require(!known.contains(j.node()), "--fault-schedule joins " + j.node() + ", which is already a node;"
                        + " a joiner is a new name, e.g. n" + (count + 1));
                known.add(j.node());
            }
            for (NodeId n : f.action().nodes()) {
                require(known.contains(n), "--fault-schedule names " + n + ", which is not a node of the " + count
                        + "-node cluster (n1..n" + count + ") nor joined earlier in the schedule");
            }
        }
    }

    /** The key {@code --key} names, checked against the run's keys. */
    private Optional<Key> followed(Simulation.Config config) {
        if (key == null) {
            return Optional.empty();
        }
        List<Key> all = Simulation.keys(config);
        return Optional.of(all.stream().filter(k -> k.toString().equals(key)).findFirst().orElseThrow(() -> usage(
                "--key " + key + " is not a key of these runs; they are " + String.join(", ",
                        all.stream().map(Key::toString).toList()))));
    }

    private Path page() {
        if (html == null) {
            return null;
        }
        Path parent = html.toAbsolutePath().getParent();
        require(parent != null && Files.isDirectory(parent), "--html " + html + ": no directory " + parent
                + " to write it in");
        require(!Files.isDirectory(html), "--html " + html + " is a directory; name a file, e.g. " + html.resolve(
                "sim.html"));
        return html;
    }

    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");

    private long millis(String option, String text) {
        Matcher m = TIME.matcher(text.strip());
        if (!m.matches()) {
            throw usage(option + " takes a time such as 8s, 500ms or 1.5m, not '" + text + "'");
        }
        double n = Double.parseDouble(m.group(1));
        double unit = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            default -> 60_000;
        };
        return Math.round(n * unit);
    }

    private void require(boolean ok, String problem) {
        if (!ok) {
            throw usage(problem);
        }
    }

    private ParameterException usage(String problem) {
        return new ParameterException(spec.commandLine(), problem);
    }
}
