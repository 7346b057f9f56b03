package io.dynacart.ops;

import io.dynacart.store.http.ClusterStatusReader;
import io.dynacart.store.identity.Zone;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dynacart cluster start|stop|status|join|backup|restore}: node processes on this machine, one data
 * directory each under DIR.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run a cluster of node processes on this machine (n1 HTTP 7101, TCP 7201, client protocol 7301, n2 7102/7202/7302, ...; see docs/OPERATIONS.md).",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Status.class,
                ClusterCommand.Join.class, ClusterCommand.Backup.class, ClusterCommand.Restore.class})
public final class ClusterCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: start, stop, status, join, backup or restore");
    }

    /** Options every subcommand takes. */
    static final class Where {
        @Option(names = "--dir", required = true, description = "the cluster's directory (secrets, data, pid files, logs)")
        Path dir;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address the nodes bind (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--base-http", defaultValue = "7101", description = "n1's HTTP port; n2 the next; fixed by the first start (default: ${DEFAULT-VALUE})")
        int baseHttp;

        @Option(names = "--base-tcp", defaultValue = "7201", description = "n1's TCP port; n2 the next; fixed by the first start (default: ${DEFAULT-VALUE})")
        int baseTcp;

        @Option(names = "--base-client", defaultValue = "7301", description = "n1's binary client protocol port; n2 the next; "
                + "fixed by the first start (default: ${DEFAULT-VALUE})")
        int baseClient;

        ClusterLayout layout() {
            return new ClusterLayout(dir, host, baseHttp, baseTcp, baseClient);
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start N node processes (those already running are left alone) and wait until each answers.",
                    "Later starts start every node of the ring as each node kept it (nodes that joined too, not those"
                            + " that left)."})
    static final class Start implements Callable<Integer> {
        @Mixin
        Where where;

        @Option(names = "--nodes", defaultValue = "5", description = "how many nodes (default: ${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--wait-s", defaultValue = "90", description = "how long to wait for each node (default: ${DEFAULT-VALUE})")
        int waitSeconds;

        @Option(names = "--zones", split = ",", description = "zones the nodes take in turn, e.g. a,b,c: n1 in a, n2 in b, "
                + "n3 in c, n4 in a, ...; a key's replicas go to as many zones as there are (default: one zone)")
        List<String> zones = List.of();

        @Option(names = "--weights", split = ",", description = "weights the nodes take in turn, e.g. 2,1,1: each node's "
                + "share of the first ring's partitions is its weight over their sum (1 to 100; default: every node 1)")
        List<Integer> weights = List.of();

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (nodes < 1 || nodes > 99) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--nodes must be 1 to 99, was " + nodes);
            }
            for (String z : zones) {
                String problem = Zone.problemWith(z);
                if (problem != null) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--zones: " + problem);
                }
            }
            for (int w : weights) {
                if (w < 1 || w > FoundingWeights.MAX_WEIGHT) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--weights: each weight must be"
                            + " from 1 to " + FoundingWeights.MAX_WEIGHT + ", was " + w);
                }
            }
            ClusterLayout layout = where.layout();
            List<String> founders = layout.founders();
            if (!founders.isEmpty() && founders.size() != nodes) {
                throw new OpsException(layout.dir() + " holds a cluster founded by " + founders.size() + " nodes, not "
                        + nodes + "; start it with --nodes " + founders.size() + ", or use another --dir");
            }
            layout.prepare(nodes, zones, weights);
            NodeProcesses processes = new NodeProcesses(layout);
            PrintWriter out = spec.commandLine().getOut();
            List<String> started = new ArrayList<>();
            for (String id : layout.nodes()) {
                Optional<String> left = layout.leftRing(id);
                if (processes.running(id).isPresent()) {
                    out.println(id + " already running (pid " + layout.pid(id).orElseThrow() + ")");
                } else if (left.isPresent()) {
                    out.println(left.get() + "; not started");
                } else {
                    int index = Integer.parseInt(id.substring(1)) - 1;
                    NodeProcesses.requireFree(where.host, layout.baseHttp() + index, "--base-http");
                    NodeProcesses.requireFree(where.host, layout.baseTcp() + index, "--base-tcp");
                    NodeProcesses.requireFree(where.host, layout.baseClient() + index, "--base-client");
                    processes.start(id);
                    started.add(id);
                }
            }
            for (String id : started) {
                processes.awaitHealthy(id, Duration.ofSeconds(waitSeconds));
                out.println(id + " started: http://" + layout.httpOf(id) + ", client protocol " + layout.clientOf(id)
                        + " (pid " + layout.pid(id).orElseThrow() + ")");
            }
            if (layout.nodes().stream().anyMatch(id -> layout.weightOf(id) != 1)) {
                out.println("weights: " + String.join(" ", layout.nodes().stream().map(id -> id + "=" + layout.weightOf(id))
                        .toList()) + " (as first started; `dynacart admin ring` shows the ring's)");
            }
            if (layout.nodes().stream().anyMatch(id -> !layout.zoneOf(id).equals(Zone.DEFAULT.name()))) {
                out.println("zones: " + String.join(" ", layout.nodes().stream().map(id -> id + "=" + layout.zoneOf(id))
                        .toList()));
            }
            out.println("admin token: " + layout.adminToken() + "   try: dynacart admin --node http://"
                    + layout.httpOf("n1") + " --token-file " + layout.adminToken() + " status");
            return 0;
        }
    }

    @Command(name = "join", mixinStandardHelpOptions = true,
            description = {"Add a node to the running cluster: prepare the next node (n4 after n1..n3, the next ports),"
                    + " start its process, and propose its join; its partitions move to it in the background.",
                    "`dynacart cluster start` starts it with the others from then on."})
    static final class Join implements Callable<Integer> {
        @Mixin
        Where where;

        @Option(names = "--weight", defaultValue = "1", description = "its share of the partitions relative to the "
                + "others' (default: ${DEFAULT-VALUE})")
        int weight;

        @Option(names = "--zone", description = "the zone it runs in (default: \"default\")")
        String zone;

        @Option(names = "--wait-s", defaultValue = "90", description = "how long to wait for it to answer (default: ${DEFAULT-VALUE})")
        int waitSeconds;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (weight < 1 || weight > FoundingWeights.MAX_WEIGHT) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--weight must be from 1 to "
                        + FoundingWeights.MAX_WEIGHT + ", was " + weight);
            }
            if (zone != null && Zone.problemWith(zone) != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--zone: " + Zone.problemWith(zone));
            }
            ClusterLayout layout = where.layout();
            NodeProcesses processes = new NodeProcesses(layout);
            if (layout.nodes().stream().noneMatch(id -> processes.running(id).isPresent() && processes.healthy(id))) {
                throw new OpsException("no node of the cluster in " + layout.dir() + " is running; start it with"
                        + " `dynacart cluster start --dir " + layout.dir() + "` first");
            }
            String id = layout.prepareJoiner(zone, weight);
            int index = Integer.parseInt(id.substring(1)) - 1;
            NodeProcesses.requireFree(where.host, layout.baseHttp() + index, "--base-http");
            NodeProcesses.requireFree(where.host, layout.baseTcp() + index, "--base-tcp");
            NodeProcesses.requireFree(where.host, layout.baseClient() + index, "--base-client");
            processes.start(id);
            processes.awaitHealthy(id, Duration.ofSeconds(waitSeconds));
            String token = Secrets.read(layout.adminToken(), Secrets.TOKEN_ENV, Map.of(), "admin token", "--dir");
            NodeApi.Answer a = new NodeApi(URI.create("http://" + layout.httpOf(id)), token).admin("/admin/join");
            if (a.status() != 202) {
                throw new OpsException(id + " started but its join was refused (" + a.status() + "): " + a.error()
                        + "; retry with `dynacart admin --node http://" + layout.httpOf(id) + " join`");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(id + " started: http://" + layout.httpOf(id) + " (pid " + layout.pid(id).orElseThrow()
                    + "); join started: the ring moves to version " + a.json().path("targetRingVersion").asLong()
                    + " once its partitions have moved; watch `dynacart admin status`");
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop every node: SIGTERM, then SIGKILL after the grace period.")
    static final class Stop implements Callable<Integer> {
        @Mixin
        Where where;

        @Option(names = "--grace-s", defaultValue = "20", description = "seconds before SIGKILL (default: ${DEFAULT-VALUE})")
        int graceSeconds;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ClusterLayout layout = where.layout();
            List<String> ids = layout.nodes();
            if (ids.isEmpty()) {
                throw new OpsException("no cluster in " + layout.dir() + "; start one with `dynacart cluster start --dir "
                        + layout.dir() + "`");
            }
            NodeProcesses processes = new NodeProcesses(layout);
            PrintWriter out = spec.commandLine().getOut();
            List<String> wasRunning = ids.stream().filter(id -> processes.running(id).isPresent()).toList();
            wasRunning.forEach(id -> processes.running(id).ifPresent(ProcessHandle::destroy)); // SIGTERM to all at once
            for (String id : ids) {
                if (!wasRunning.contains(id)) {
                    out.println(id + " was not running");
                    processes.stop(id, Duration.ZERO);
                    continue;
                }
                boolean killed = processes.stop(id, Duration.ofSeconds(graceSeconds));
                out.println(id + (killed ? " killed (did not stop within " + graceSeconds + " s)" : " stopped"));
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show each node's id, HTTP address, process id and state (running, stopped, not answering).",
                    "Exits 0 when every node runs, 1 otherwise."})
    static final class Status implements Callable<Integer> {
        @Mixin
        Where where;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ClusterLayout layout = where.layout();
            List<String> ids = layout.nodes();
            if (ids.isEmpty()) {
                throw new OpsException("no cluster in " + layout.dir() + "; start one with `dynacart cluster start --dir "
                        + layout.dir() + "`");
            }
            NodeProcesses processes = new NodeProcesses(layout);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-5s %-22s %-8s %s%n", "ID", "HTTP", "PID", "STATE");
            int up = 0;
            for (String id : ids) {
                Optional<ProcessHandle> p = processes.running(id);
                String state = p.isEmpty() ? "stopped" : processes.healthy(id) ? "running" : "not answering";
                up += state.equals("running") ? 1 : 0;
                out.printf("%-5s %-22s %-8s %s%n", id, layout.httpOf(id), p.map(h -> Long.toString(h.pid())).orElse("-"), state);
            }
            return up == ids.size() ? 0 : 1;
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Back up every node of the running cluster into a new directory, while writes go on.",
                    "It is `dynacart admin backup` with DIR's admin token and addresses."})
    static final class Backup implements Callable<Integer> {
        @Mixin
        Where where;

        @Option(names = "--to", required = true, description = "the backup directory: new or empty")
        Path to;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ClusterLayout layout = where.layout();
            NodeProcesses processes = new NodeProcesses(layout);
            String entry = layout.nodes().stream().filter(id -> processes.running(id).isPresent() && processes.healthy(id))
                    .findFirst().orElseThrow(() -> new OpsException("no node of the cluster in " + layout.dir()
                            + " is running; start it with `dynacart cluster start --dir " + layout.dir() + "`"));
            String token = Secrets.read(layout.adminToken(), Secrets.TOKEN_ENV, Map.of(), "admin token", "--dir");
            NodeApi api = new NodeApi(URI.create("http://" + layout.httpOf(entry)), token);
            NodeApi.Answer status = api.get("/cluster");
            if (status.status() != 200) {
                throw new OpsException(entry + " answered " + status.status() + " to GET /cluster: " + status.error());
            }
            new ClusterBackup(token, Duration.ofHours(1), spec.commandLine().getOut())
                    .run(ClusterStatusReader.read(status.body().getBytes(StandardCharsets.UTF_8)), to);
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Replace the stopped nodes' data with their snapshots from a backup (checked first).",
                    "Each then starts under a new incarnation: run `dynacart cluster start` afterwards."})
    static final class Restore implements Callable<Integer> {
        @Mixin
        Where where;

        @Option(names = "--from", required = true, description = "the backup directory")
        Path from;

        @Option(names = "--node", split = ",", description = "only these nodes, e.g. n3 (default: every node)")
        List<String> only = new ArrayList<>();

        @Option(names = "--last-incarnation", defaultValue = "0", description = "the highest incarnation the node(s)"
                + " ran under, if wiped since the backup on a disk that is now lost")
        int lastIncarnation;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            new ClusterRestore(spec.commandLine().getOut()).intoCluster(from, where.layout(), only, lastIncarnation);
            return 0;
        }
    }
}
