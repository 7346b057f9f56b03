package io.dynacart.loadgen;

import io.dynacart.cart.merge.CartMerge;
import io.dynacart.loadgen.arrival.Arrivals;
import io.dynacart.loadgen.report.Report;
import io.dynacart.loadgen.report.ReportFiles;
import io.dynacart.loadgen.target.EmbeddedTarget;
import io.dynacart.loadgen.target.RemoteTarget;
import io.dynacart.loadgen.target.Target;
import io.dynacart.loadgen.workload.CartWorkload;
import io.dynacart.loadgen.workload.KvWorkload;
import io.dynacart.loadgen.workload.Workload;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.ClusterClient;
import io.dynacart.store.cluster.FaultAction;
import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.store.cluster.FaultSyntaxException;
import io.dynacart.store.cluster.PrimaryChoice;
import io.dynacart.store.cluster.ScheduledFault;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code loadgen}: drives a workload at a fixed rate against an embedded cluster or running nodes,
 * with an optional fault schedule, and reports latency, divergence and correctness. Reusable as a
 * subcommand of the {@code dynacart} launcher. Exit code: 0 when the SLA and the correctness verdict
 * both pass, 1 when either fails, 2 for bad options, 3 when the run itself broke.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Drive DynaCart with open-loop load and faults; report p99.9 latency, divergence and lost writes.",
                "Exit code: 0 = SLA and correctness passed, 1 = a verdict failed, 2 = bad options, 3 = the run broke."},
        exitCodeOnInvalidInput = 2, exitCodeOnExecutionException = 3)
public final class LoadgenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--workload", defaultValue = "cart", description = "cart or kv (default: ${DEFAULT-VALUE})")
    String workload;
    @Option(names = "--rate", defaultValue = "500", description = "requests per second asked (default: ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--arrivals", defaultValue = "poisson", description = "poisson or uniform (default: ${DEFAULT-VALUE})")
    String arrivals;
    @Option(names = "--duration", description = "how long to send, e.g. 60s or 2m (default 60s unless --ops is given)")
    String duration;
    @Option(names = "--warmup", defaultValue = "0s", description = "send at the rate this long before measuring, e.g. 10s (default: ${DEFAULT-VALUE})")
    String warmup;
    @Option(names = "--ops", defaultValue = "0", description = "how many requests to send (0: bounded by --duration)")
    long ops;
    @Option(names = "--max-in-flight", defaultValue = "1000",
            description = "requests out at once; one more is an 'overload' error, not a delay (default: ${DEFAULT-VALUE})")
    int maxInFlight;
    @Option(names = "--request-timeout", defaultValue = "10s", description = "a request unanswered this long is a 'timeout' error (default: ${DEFAULT-VALUE})")
    String requestTimeout;
    @Option(names = "--nodes", defaultValue = "5", description = "nodes of the embedded cluster (default: ${DEFAULT-VALUE})")
    int nodes;
    @Option(names = "--nodes-at", split = ",", paramLabel = "URL",
            description = "drive running nodes instead, e.g. http://127.0.0.1:7101,http://127.0.0.1:7102")
    List<String> nodesAt = List.of();
    @Option(names = "--transport", defaultValue = "binary", description = "with --nodes-at: how requests reach the nodes, "
            + "binary (their client protocol) or http (default: ${DEFAULT-VALUE}); the client token, if the nodes "
            + "require one, comes from env " + RemoteTarget.CLIENT_TOKEN_ENV)
    String transport;
    @Option(names = "--routing", defaultValue = "spread", description = "with --nodes-at: which primary of a key coordinates "
            + "a request, spread (at random over its N primaries; a put to the fastest replica of the read it follows) or "
            + "first (always its first primary, as before) (default: ${DEFAULT-VALUE})")
    String routing;
    @Option(names = "--quorum", defaultValue = "3,2,2", paramLabel = "N,R,W", description = "replicas, read and write quorum (default: ${DEFAULT-VALUE})")
    String quorum;
    @Option(names = "--faults", defaultValue = "", description = "e.g. \"20s:stop n3, 40s:restart n3, 60s:partition n1,n2|n3,n4,n5, 80s:heal\"; also wipe, join, leave, and link faults: lossy drop 0.1 duplicate 0.05 delay 30ms, clean, cut-replicas KEY, cut-zone ZONE (with --zones)")
    String faults;
    @Option(names = "--zones", split = ",", description = "zones the embedded nodes take in turn, e.g. a,b,c (n1 in a, n2 in b, "
            + "...): a key's replicas go to distinct zones, and --faults may cut a zone off (default: one zone)")
    List<String> zones = List.of();

    @Option(names = "--shoppers", defaultValue = "200", description = "cart: shoppers, each with two devices (default: ${DEFAULT-VALUE})")
    int shoppers;
    @Option(names = "--policy", defaultValue = "observed-remove", description = "cart: merge policy, observed-remove or paper (default: ${DEFAULT-VALUE})")
    String policy;
    @Option(names = "--keys", defaultValue = "10000", description = "kv: number of keys (default: ${DEFAULT-VALUE})")
    int keys;
    @Option(names = "--value-size", defaultValue = "200", description = "kv: bytes per value (default: ${DEFAULT-VALUE})")
    int valueSize;
    @Option(names = "--read-share", defaultValue = "0.5", description = "kv: share of reads, 0 to 1 (default: ${DEFAULT-VALUE})")
    double readShare;
    @Option(names = "--key-distribution", defaultValue = "zipfian", description = "kv: uniform or zipfian (default: ${DEFAULT-VALUE})")
    String keyDistribution;
    @Option(names = "--sla", defaultValue = "300ms", description = "latency target, e.g. 300ms or 10 (ms) (default: ${DEFAULT-VALUE})")
    String sla;
    @Option(names = "--sla-percentile", defaultValue = "99.9", description = "share of requests that must meet it, in %% (default: ${DEFAULT-VALUE})")
    double slaPercentile;
    @Option(names = "--out", defaultValue = "target/loadgen-report", description = "directory for report.json and report.html (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--data-dir", description = "embedded cluster's data directory (default: a temporary one, deleted after)")
    Path dataDir;
    @Option(names = "--settle", defaultValue = "60s", description = "longest wait for the cluster to converge before the read-back's verdict (default: ${DEFAULT-VALUE})")
    String settle;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the arrivals and the workload's choices (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--quiet", description = "no progress line each second")
    boolean quiet;
    @picocli.CommandLine.Mixin
    BackgroundOptions background = new BackgroundOptions();

    /** A command line running this command with its exit codes. */
    public static CommandLine commandLine() {
        return new CommandLine(new LoadgenCommand());
    }

    @Override
    public Integer call() {
        return run(settings(), clientOptions(), System.out);
    }

    /** Runs {@code settings} over the binary protocol; prints the summary on {@code console}; returns the exit code. */
    static int run(RunConfig settings, PrintStream console) {
        return run(settings, ClusterClient.Config.DEFAULT, console);
    }

    private ClusterClient.Config clientOptions() {
        String r = routing.strip().toLowerCase(Locale.ROOT);
        if (!r.equals("spread") && !r.equals("first")) {
            throw new ParameterException(spec.commandLine(), "--routing must be spread or first, was '" + routing + "'");
        }
        ClusterClient.Config options = ClusterClient.Config.DEFAULT.withTransport(transport());
        return r.equals("first") ? options.withPrimaryChoice(PrimaryChoice.FIRST) : options;
    }

    private ClusterClient.Transport transport() {
        switch (transport.strip().toLowerCase(Locale.ROOT)) {
            case "binary":
                return ClusterClient.Transport.BINARY;
            case "http":
                return ClusterClient.Transport.HTTP;
            default:
                throw new ParameterException(spec.commandLine(),
                        "--transport must be binary or http, was '" + transport + "'");
        }
    }

    /** Runs {@code settings}; prints the summary on {@code console}; returns the exit code. */
    static int run(RunConfig settings, ClusterClient.Config client, PrintStream console) {
        Target target;
        try {
            target = settings.embedded()
                    ? EmbeddedTarget.start(settings.nodes(), settings.quorum(), settings.dataDir(), settings.background(),
                    settings.zones())
                    : RemoteTarget.connect(settings.nodesAt(), settings.quorum(), settings.requestTimeout(), client);
        } catch (RuntimeException e) {
            System.err.println("loadgen: cannot " + (settings.embedded() ? "start the embedded cluster" : "reach the nodes")
                    + ": " + e.getMessage());
            return 3;
        }
        try (target) {
            return run(settings, target, console);
        }
    }

    /** Runs {@code settings} against {@code target}, which the caller closes. */
    static int run(RunConfig settings, Target target, PrintStream console) {
        Workload workload = settings.workload().equals("cart")
                ? new CartWorkload(target, CartMerge.named(settings.policy()), settings.shoppers(), settings.seed())
                : new KvWorkload(target, settings.keys(), settings.valueSize(), settings.readShare(),
                settings.keyDistribution(), settings.seed());
        Report report = new LoadRun(settings, target, workload, console).execute();
        Path dir = ReportFiles.write(report, settings.out());
        Summary.print(report, console);
        console.println("report: " + dir.resolve("report.html").toAbsolutePath() + " and report.json");
        return report.passed() ? 0 : 1;
    }

    /** The options, validated; a bad one is a usage error naming it. */
    RunConfig settings() {
        requireOneOf("--workload", workload, "cart", "kv");
        requireOneOf("--arrivals", arrivals, "poisson", "uniform");
        requireOneOf("--policy", policy, "observed-remove", "paper");
        requireOneOf("--key-distribution", keyDistribution, "uniform", "zipfian");
        require(rate > 0 && rate <= 1_000_000 && !Double.isNaN(rate), "--rate must be between 0 and 1,000,000 requests per second, was " + rate);
        require(ops >= 0, "--ops must be 0 or more, was " + ops);
        Duration runFor = duration == null ? (ops > 0 ? Duration.ZERO : Duration.ofSeconds(60)) : time("--duration", duration);
        require(!runFor.isZero() || ops > 0, "--duration must be more than 0 (or give --ops)");
        Duration warmFor = time("--warmup", warmup);
        require(maxInFlight >= 1, "--max-in-flight must be at least 1, was " + maxInFlight);
        Duration timeout = time("--request-timeout", requestTimeout);
        require(!timeout.isZero(), "--request-timeout must be more than 0");
        Quorum q = quorum();
        List<URI> seeds = nodesAt.stream().map(this::uri).toList();
        require(!seeds.isEmpty() || (nodes >= 1 && nodes <= 64), "--nodes must be 1 to 64, was " + nodes);
        require(!seeds.isEmpty() || q.n() <= nodes, "--quorum N=" + q.n() + " needs at least as many nodes; --nodes is " + nodes);
        List<Zone> zoneList = zones();
        require(seeds.isEmpty() || zoneList.isEmpty(), "--zones places the embedded cluster's nodes; running nodes"
                + " (--nodes-at) keep their own zones");
        FaultSchedule schedule = schedule(zoneList);
        require(seeds.isEmpty() || schedule.isEmpty(), "--faults needs the embedded cluster: against running nodes "
                + "(--nodes-at) the load generator cannot stop, wipe or partition them yet");
        require(shoppers >= 1, "--shoppers must be at least 1, was " + shoppers);
        require(keys >= 1, "--keys must be at least 1, was " + keys);
        require(valueSize >= 8 && valueSize <= 1 << 20, "--value-size must be 8 to 1048576 bytes, was " + valueSize);
        require(readShare >= 0 && readShare <= 1, "--read-share must be between 0 and 1, was " + readShare);
        double slaMs = millis("--sla", sla);
        require(slaMs > 0, "--sla must be more than 0 ms, was " + sla);
        require(slaPercentile > 0 && slaPercentile <= 100, "--sla-percentile must be in (0, 100], was " + slaPercentile);
        Duration settleFor = time("--settle", settle);
        require(seeds.isEmpty() || background.defaults(this::usage), "--anti-entropy* and --background-* set the"
                + " embedded cluster's nodes; running nodes (--nodes-at) keep their own settings");
        return new RunConfig(workload, Arrivals.named(arrivals, rate, seed), warmFor, runFor, ops, maxInFlight, timeout, nodes,
                seeds, q, schedule, shoppers, policy, keys, valueSize, readShare, keyDistribution, slaMs, slaPercentile,
                out, dataDir, settleFor, seed, !quiet, background.settings(this::usage), zoneList);
    }

    private List<Zone> zones() {
        for (String z : zones) {
            String problem = Zone.problemWith(z.strip());
            require(problem == null, "--zones: " + problem);
        }
        List<Zone> out = zones.stream().map(z -> Zone.of(z.strip())).toList();
        require(out.stream().distinct().count() == out.size(), "--zones must name distinct zones, was " + zones);
        return out;
    }

    private Quorum quorum() {
        String[] parts = quorum.split(",");
        try {
            require(parts.length == 3, "--quorum is N,R,W, e.g. 3,2,2; was '" + quorum + "'");
            int r = Integer.parseInt(parts[1].trim());
            int w = Integer.parseInt(parts[2].trim());
            require(r >= 1 && w >= 1, "--quorum " + quorum + ": R and W are at least 1");
            return new Quorum(Integer.parseInt(parts[0].trim()), r, w);
        } catch (NumberFormatException e) {
            throw usage("--quorum is N,R,W as whole numbers, e.g. 3,2,2; was '" + quorum + "'");
        } catch (IllegalArgumentException e) {
            throw usage("--quorum " + quorum + ": " + e.getMessage());
        }
    }

    private FaultSchedule schedule(List<Zone> zoneList) {
        FaultSchedule schedule;
        try {
            schedule = FaultSchedule.parse(faults);
        } catch (FaultSyntaxException e) {
            throw usage("--faults: " + e.getMessage());
        }
        Set<NodeId> known = new HashSet<>();
        for (int i = 1; i <= nodes; i++) {
            known.add(NodeId.of("n" + i));
        }
        for (ScheduledFault f : schedule.faults()) {
            FaultAction a = f.action();
            if (a instanceof FaultAction.CutZone z) {
                require(zoneList.contains(z.zone()), "--faults: " + f.text() + ": no zone " + z.zone() + " (--zones gives "
                        + (zoneList.isEmpty() ? "none: the nodes are in one zone" : zoneList) + ")");
            } else if (a instanceof FaultAction.Join j) {
                require(known.add(j.node()), "--faults: " + f.text() + ": " + j.node() + " is already in the cluster");
            } else {
                for (NodeId n : a.nodes()) {
                    require(known.contains(n), "--faults: " + f.text() + ": no node " + n + " (the cluster has n1..n" + nodes
                            + " and the nodes joined before)");
                }
            }
        }
        return schedule;
    }

    private URI uri(String text) {
        try {
            URI u = URI.create(text.trim());
            require("http".equals(u.getScheme()) && u.getHost() != null && u.getPort() > 0,
                    "--nodes-at takes node addresses like http://127.0.0.1:7101, not '" + text + "'");
            return u;
        } catch (IllegalArgumentException e) {
            throw usage("--nodes-at takes node addresses like http://127.0.0.1:7101, not '" + text + "'");
        }
    }

    private Duration time(String option, String text) {
        try {
            return Units.duration(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private double millis(String option, String text) {
        try {
            return Units.millis(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private void requireOneOf(String option, String value, String... allowed) {
        require(List.of(allowed).contains(value), option + " must be one of " + String.join(", ", allowed) + "; was '" + value + "'");
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw usage(message);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
