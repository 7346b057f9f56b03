package io.dynacart.ops;

import io.dynacart.store.api.Quorum;
import io.dynacart.store.budget.BackgroundConfig;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.coordinator.SiblingLimits;
import io.dynacart.store.http.NodeHttpServer;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.runtime.BackgroundWorkConfig;
import io.dynacart.store.runtime.Discovery;
import io.dynacart.store.runtime.NodeAddresses;
import io.dynacart.store.runtime.NodeLimits;
import io.dynacart.store.runtime.NodeRuntime;
import io.dynacart.store.runtime.NodeRuntimeConfig;
import io.dynacart.store.storage.Durability;
import io.dynacart.store.versioning.VectorClock;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dynacart node}: runs one node in this process until SIGTERM (or Ctrl-C), then stops it
 * cleanly: requests in flight finish (bounded by {@code --grace-ms}), the log is flushed into
 * SQLite, ports and the data directory are released.
 *
 * <p>If one of the node's storage threads dies, the process exits with status 1 after the same
 * clean stop: a node that can take no writes should not linger, and its supervisor's restart
 * replays the append log, which holds every write it acknowledged. Meanwhile its peers keep its
 * writes as hints, as for any node that is down.
 */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one storage node in this process until SIGTERM.",
                "Options may also come from a config file (--config FILE): Java properties whose keys are the "
                        + "long option names without dashes, e.g. id=n1, seeds=n1@10.0.0.1:7201; the command line "
                        + "overrides the file."})
public final class NodeCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", description = "this node's name, e.g. n1 (required)")
    String id;

    @Option(names = "--listen", converter = HostPort.Converter.class, defaultValue = "127.0.0.1:7201",
            description = "where to bind inter-node TCP (default: ${DEFAULT-VALUE})")
    HostPort listen;

    @Option(names = "--http", converter = HostPort.Converter.class, defaultValue = "127.0.0.1:7101",
            description = "where to bind the HTTP API (default: ${DEFAULT-VALUE})")
    HostPort http;

    @Option(names = "--client", converter = HostPort.Converter.class, defaultValue = "127.0.0.1:7301",
            description = "where to bind the binary client protocol (default: ${DEFAULT-VALUE})")
    HostPort client;

    @Option(names = "--advertise", converter = HostPort.Converter.class,
            description = "TCP address peers reach this node at (default: --listen; required when it binds 0.0.0.0)")
    HostPort advertise;

    @Option(names = "--advertise-http", converter = HostPort.Converter.class,
            description = "HTTP address clients reach this node at (default: --http; required when it binds 0.0.0.0)")
    HostPort advertiseHttp;

    @Option(names = "--advertise-client", converter = HostPort.Converter.class,
            description = "client protocol address clients reach this node at (default: --client; required when it binds 0.0.0.0)")
    HostPort advertiseClient;

    @Option(names = "--seeds", split = ",", description = "the cluster's founding nodes, id@host:tcpport, comma-separated, "
            + "e.g. n1@10.0.0.1:7201,n2@10.0.0.2:7201; they make the initial ring, so give every node the same list. "
            + "A node not in the list starts outside the ring: add it with `dynacart admin join`")
    List<String> seeds = List.of();

    @Option(names = "--zone", description = "where this node runs (a data centre, rack or availability zone; letters, "
            + "digits, '.', '_' and '-'): a key's replicas are placed in as many zones as there are (default: the zone "
            + "--seed-zones gives this node, else \"default\")")
    String zone;

    @Option(names = "--seed-zones", split = ",", description = "the founding nodes' zones, id=zone, comma-separated, "
            + "e.g. n1=a,n2=b,n3=c: they make the initial ring with --seeds, so give every node the same list, naming "
            + "every seed (default: every seed in zone \"default\")")
    List<String> seedZones = List.of();

    @Option(names = "--weight", description = "this node's share of the partitions relative to the others' (1 to 100): "
            + "a founder's must agree with --seed-weights; a node outside the seeds joins with it (`dynacart admin join` "
            + "without --weight) (default: the weight --seed-weights gives this node, else 1)")
    Integer weight;

    @Option(names = "--seed-weights", split = ",", description = "the founding nodes' weights, id=weight, comma-separated, "
            + "e.g. n1=2,n2=1,n3=1: they make the initial ring with --seeds, so give every node the same list, naming "
            + "every seed (default: every seed of weight 1)")
    List<String> seedWeights = List.of();

    @Option(names = "--data", description = "this node's data directory (required)")
    Path data;

    @Option(names = "--secret-file", description = "file holding the cluster secret (default: env " + Secrets.SECRET_ENV + ")")
    Path secretFile;

    @Option(names = "--admin-token-file", description = "file holding the admin token (default: env " + Secrets.TOKEN_ENV + ")")
    Path adminTokenFile;

    @Option(names = "--client-token-file", description = "file holding the token client protocol connections must present "
            + "(default: env " + Secrets.CLIENT_TOKEN_ENV + "; neither: no token required, as for the HTTP API's /kv)")
    Path clientTokenFile;

    @Option(names = "--n", defaultValue = "3", description = "replicas per key (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--r", defaultValue = "2", description = "default read quorum (default: ${DEFAULT-VALUE})")
    int r;

    @Option(names = "--w", defaultValue = "2", description = "default write quorum (default: ${DEFAULT-VALUE})")
    int w;

    @Option(names = "--durability", defaultValue = "process", description = "process (survives kill -9), one (one "
            + "replica of each put forces it to disk: survives every machine's power loss) or fsync (every replica "
            + "does) (default: ${DEFAULT-VALUE})")
    String durability;

    @Option(names = "--partitions", defaultValue = "256", description = "Q, the same on every node (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--timeout-ms", defaultValue = "1000", description = "request timeout (default: ${DEFAULT-VALUE})")
    long timeoutMillis;

    @Option(names = "--max-siblings", description = "most siblings a put may leave a key with; a put past it is "
            + "refused with 409 (default: " + SiblingLimits.DEFAULT_MAX_SIBLINGS + ", as Riak refuses)")
    Integer maxSiblings;

    @Option(names = "--max-sibling-bytes", description = "most bytes of sibling values a put may leave a key with, at "
            + "least 1048576; a put past it is refused with 413 (default: 2097152, less for --n above 3, so that the "
            + "merged siblings of N cut-off replicas still fit one 8 MiB message)")
    Long maxSiblingBytes;

    @Option(names = "--incarnation", defaultValue = "0", description = "the least incarnation this node runs under "
            + "(times its data was wiped or restored). Seldom needed: a node started on an empty data directory learns "
            + "from its peers whether the cluster knew an earlier life of it and takes the next incarnation itself, and a "
            + "restore records its own (default: ${DEFAULT-VALUE})")
    int incarnation;

    @Option(names = "--grace-ms", defaultValue = "5000", description = "on SIGTERM, how long requests in flight may "
            + "take to finish (default: ${DEFAULT-VALUE})")
    long graceMillis;

    @Option(names = "--in-flight-mb", description = "the node's budget of bytes in flight, in MiB: HTTP request bodies"
            + " and answers plus messages queued for peers; past half of it requests get 503 with Retry-After"
            + " (default: a quarter of the JVM's maximum heap, at least 16)")
    Integer inFlightMib;

    @Option(names = "--background-feedback", defaultValue = "true", arity = "1", description = "background work"
            + " (anti-entropy, partition transfer, tombstone scans) yields to slow requests: true, or"
            + " false for fixed budgets (default: ${DEFAULT-VALUE})")
    boolean backgroundFeedback;

    @Option(names = "--background-target-ms", defaultValue = "10", description = "the p99 of this node's requests over"
            + " the last second that background work yields to (default: ${DEFAULT-VALUE})")
    double backgroundTargetMillis;

    @Option(names = "--background-min-share", defaultValue = "0.1", description = "the least share of its budgets"
            + " background work keeps, in (0, 1] (default: ${DEFAULT-VALUE})")
    double backgroundMinShare;

    @Option(names = ConfigFile.OPTION, description = "a config file (Java properties, keys = long option names)")
    Path config;

    @Override
    public Integer call() throws Exception {
        NodeRuntimeConfig settings = settings(System.getenv());
        // Before the first logger: threads without MDC (libraries' own) show it through logback.xml.
        System.setProperty("dynacart.node", settings.id().value());
        MDC.put(NodeHttpServer.MDC_NODE, settings.id().value());
        Logger log = LoggerFactory.getLogger(NodeCommand.class);
        NodeRuntime runtime;
        try {
            runtime = NodeRuntime.start(settings);
        } catch (RuntimeException e) {
            throw new OpsException("node " + id + " could not start: " + e.getMessage()
                    + " (is another process using its ports or data directory " + data + "?)", e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            MDC.put(NodeHttpServer.MDC_NODE, settings.id().value());
            log.info("stopping: letting requests in flight finish (up to {} ms), flushing the log", graceMillis);
            runtime.shutdown(Duration.ofMillis(graceMillis));
            log.info("stopped");
            stopped.countDown();
        }, "shutdown-" + id);
        Runtime.getRuntime().addShutdownHook(hook);
        runtime.onFailure(exitOnFailure(log, spec.commandLine().getErr(), System::exit));
        NodeAddresses at = settings.discovery().advertise().orElse(runtime.addresses());
        log.info("node {} serves HTTP on {}, peers on {}, clients on {} (bound {}); data in {}", id,
                NodeAddresses.text(at.http()), NodeAddresses.text(at.tcp()), NodeAddresses.text(at.client()),
                runtime.addresses(), data);
        PrintWriter out = spec.commandLine().getOut();
        out.println("node " + id + " ready: http " + NodeAddresses.text(at.http()) + ", tcp " + NodeAddresses.text(at.tcp())
                + ", client " + NodeAddresses.text(at.client()));
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * What the node does when its storage fails: logs it, says so on stderr, and exits with status 1
     * from a thread of its own (the dying storage thread calls this, and the exit's clean stop waits
     * for the storage's threads).
     */
    static Consumer<String> exitOnFailure(Logger log, PrintWriter err, IntConsumer exit) {
        return problem -> {
            log.error("exiting: {}", problem);
            err.println("the node's storage failed and it takes no writes; exiting so that it is restarted (its log"
                    + " replays every acknowledged write): " + problem);
            err.flush();
            Thread exiting = new Thread(() -> exit.accept(1), "exit-on-storage-failure");
            exiting.start();
        };
    }

    /** The node's settings from the options, validated; each problem names its fix. */
    NodeRuntimeConfig settings(Map<String, String> environment) {
        if (id == null || id.isBlank()) {
            throw usage("missing --id: name this node, e.g. --id n1 (or id=n1 in the config file)");
        }
        if (data == null) {
            throw usage("missing --data: give this node its own data directory, e.g. --data /var/lib/dynacart/" + id);
        }
        NodeId self;
        try {
            self = NodeId.of(id);
        } catch (IllegalArgumentException e) {
            throw usage("--id: " + e.getMessage());
        }
        Durability mode = switch (durability.toLowerCase(Locale.ROOT)) {
            case "process" -> Durability.PROCESS;
            case "one" -> Durability.ONE;
            case "fsync" -> Durability.FSYNC;
            default -> throw usage("--durability must be process, one or fsync, was '" + durability + "'");
        };
        Quorum quorum;
        try {
            if (r < 1 || w < 1) { // a negative count would read as a local quorum: the defaults are numbers
                throw new IllegalArgumentException("R and W are at least 1, were " + r + " and " + w);
            }
            quorum = new Quorum(n, r, w);
        } catch (IllegalArgumentException e) {
            throw usage("--n/--r/--w: " + e.getMessage());
        }
        Map<NodeId, InetSocketAddress> seedAddresses = seeds(self);
        FoundingZones zones = new FoundingZones(this::usage);
        Map<NodeId, Zone> founders = zones.ofSeeds(seedZones, seedAddresses.keySet());
        Zone own = zones.own(self, zone, founders);
        FoundingWeights weighing = new FoundingWeights(this::usage);
        Map<NodeId, Integer> founderWeights = weighing.ofSeeds(seedWeights, seedAddresses.keySet());
        int ownWeight = weighing.own(self, weight, founderWeights);
        Ring ring = initialRing(self, own, ownWeight, founders, founderWeights, quorum.n());
        String secret = Secrets.read(secretFile, Secrets.SECRET_ENV, environment, "cluster secret", "--secret-file");
        if (secret.getBytes(StandardCharsets.UTF_8).length < 16) {
            throw new OpsException("the cluster secret is shorter than 16 bytes; use a long random one, e.g. `openssl rand -base64 32`");
        }
        String token = Secrets.read(adminTokenFile, Secrets.TOKEN_ENV, environment, "admin token", "--admin-token-file");
        String clientToken = Secrets.readOptional(clientTokenFile, Secrets.CLIENT_TOKEN_ENV, environment, "client token",
                "--client-token-file");
        NodeAddresses bind = new NodeAddresses(listen.socket(), http.socket(), client.socket());
        Optional<NodeAddresses> told = advertised();
        try {
            return new NodeRuntimeConfig(self, data, bind, peer -> null, () -> ring, secret.getBytes(StandardCharsets.UTF_8),
                    token, coordinator(quorum), mode, new Discovery(told, seedAddresses), limits(), clientToken)
                    .withBackground(new BackgroundWorkConfig(BackgroundWorkConfig.DEFAULT.antiEntropy(), background()))
                    .withZone(own).withWeight(ownWeight).withLearnsIncarnation(true);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** How background work yields to requests (the admission controller). */
    private BackgroundConfig background() {
        try {
            return new BackgroundConfig(backgroundFeedback, backgroundTargetMillis, backgroundMinShare);
        } catch (IllegalArgumentException e) {
            throw usage("--background-target-ms/--background-min-share: " + e.getMessage());
        }
    }

    /** Quorum, timeout, incarnation and the sibling caps: the defaults for N unless given. */
    private CoordinatorConfig coordinator(Quorum quorum) {
        CoordinatorConfig c = new CoordinatorConfig(quorum, timeoutMillis,
                VectorClock.DEFAULT_MAX_ENTRIES, incarnation);
        if (maxSiblings == null && maxSiblingBytes == null) {
            return c;
        }
        try {
            return c.withSiblingLimits(new SiblingLimits(maxSiblings == null ? c.siblingLimits().maxSiblings() : maxSiblings,
                    maxSiblingBytes == null ? c.siblingLimits().maxBytes() : maxSiblingBytes));
        } catch (IllegalArgumentException e) {
            throw usage("--max-siblings/--max-sibling-bytes: " + e.getMessage());
        }
    }

    private NodeLimits limits() {
        if (inFlightMib == null) {
            return NodeLimits.defaults();
        }
        if (inFlightMib < 16) {
            throw usage("--in-flight-mb must be at least 16 (two of the largest 8 MiB messages), was " + inFlightMib);
        }
        return NodeLimits.defaults().withBytesInFlight((long) inFlightMib << 20);
    }

    private Optional<NodeAddresses> advertised() {
        if (advertise == null && listen.isWildcard()) {
            throw usage("--listen " + listen + " binds every interface: say where peers reach this node with "
                    + "--advertise HOST:" + listen.port());
        }
        if (advertiseHttp == null && http.isWildcard()) {
            throw usage("--http " + http + " binds every interface: say where clients reach this node with "
                    + "--advertise-http HOST:" + http.port());
        }
        if (advertiseClient == null && client.isWildcard()) {
            throw usage("--client " + client + " binds every interface: say where clients reach this node with "
                    + "--advertise-client HOST:" + client.port());
        }
        if (advertise == null && advertiseHttp == null && advertiseClient == null) {
            return Optional.empty();
        }
        return Optional.of(new NodeAddresses(unresolved(advertise == null ? listen : advertise),
                unresolved(advertiseHttp == null ? http : advertiseHttp),
                unresolved(advertiseClient == null ? client : advertiseClient)));
    }

    private static InetSocketAddress unresolved(HostPort hp) {
        return InetSocketAddress.createUnresolved(hp.host(), hp.port());
    }

    private Map<NodeId, InetSocketAddress> seeds(NodeId self) {
        Map<NodeId, InetSocketAddress> out = new LinkedHashMap<>();
        for (String s : seeds) {
            String entry = s.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int at = entry.indexOf('@');
            if (at <= 0) {
                throw usage("--seeds entry '" + entry + "' must be id@host:port, e.g. n1@10.0.0.1:7201");
            }
            try {
                HostPort hp = HostPort.parse(entry.substring(at + 1));
                out.put(NodeId.of(entry.substring(0, at)), new InetSocketAddress(hp.host(), hp.port()));
            } catch (IllegalArgumentException e) {
                throw usage("--seeds entry '" + entry + "': " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The ring every founding node computes alike: the seeds in their zones, with their weights (and
     * this node, with no seeds: a cluster of one). A node outside the seeds starts with the founders'
     * ring and joins explicitly, in its own zone. Used on a node's first start only: after that it
     * starts from the ring it kept in its data directory.
     */
    private Ring initialRing(NodeId self, Zone own, int ownWeight, Map<NodeId, Zone> founders,
                             Map<NodeId, Integer> founderWeights, int replicas) {
        Map<NodeId, Integer> weights = new TreeMap<>(founderWeights);
        Map<NodeId, Zone> zones = new TreeMap<>(founders);
        if (weights.isEmpty()) {
            weights.put(self, ownWeight);
            zones.put(self, own);
        }
        try {
            return Claim.initial(weights, zones, partitions, Math.min(replicas, weights.size()));
        } catch (IllegalArgumentException e) {
            throw usage("--partitions: " + e.getMessage());
        }
    }

    picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }
}
