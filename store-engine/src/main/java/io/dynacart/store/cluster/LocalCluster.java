package io.dynacart.store.cluster;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.runtime.NodeAddresses;
import io.dynacart.store.runtime.NodeRuntime;
import io.dynacart.store.runtime.NodeRuntimeConfig;
import io.dynacart.store.runtime.ViewFile;
import io.dynacart.store.transport.FaultPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * N real nodes in one JVM: each with its own data directory under the root (SQLite and the append
 * log), its own TCP and HTTP ports on one host, talking over TCP with the cluster secret. Any node
 * can be stopped, restarted on its data, wiped, or cut off by partitions at run time.
 *
 * <p>A wiped node comes back with its incarnation bumped (kept in {@code incarnations.properties}
 * under the root), so the versions it writes in its new life never reuse its old counters.
 *
 * <p>Joins return once proposed; a leave waits for the ring without the node ({@link #awaitRing}).
 */
public final class LocalCluster implements Cluster, AutoCloseable {

    /** How long {@link #leave(NodeId)} waits for the ring without the leaver. */
    public static final Duration LEAVE_DEADLINE = Duration.ofMinutes(2);

    private final LocalClusterConfig config;
    private final String adminToken = ClusterSecrets.randomToken();
    private final Ring ring;
    private final Map<NodeId, NodeAddresses> directory = new ConcurrentHashMap<>();
    /**
     * The running nodes. Changed only under this cluster's lock; read without it by {@link #isRunning},
     * {@link #client} and {@link #runtime}, which a request's continuation may call on a node's thread
     * while {@link #stop} holds the lock and waits for that node's threads: taking the lock there
     * would deadlock.
     */
    private final Map<NodeId, NodeRuntime> running = new ConcurrentSkipListMap<>();
    private final List<NodeId> ids = new ArrayList<>();
    private final Incarnations incarnations;
    private FaultPlan faults = FaultPlan.NONE;

    private LocalCluster(LocalClusterConfig config) {
        this.config = config;
        this.incarnations = new Incarnations(config.root());
        Map<NodeId, Integer> weights = new LinkedHashMap<>();
        Map<NodeId, Zone> zones = new LinkedHashMap<>();
        for (int i = 1; i <= config.nodes(); i++) {
            NodeId id = NodeId.of("n" + i);
            ids.add(id);
            weights.put(id, config.weightOf(i - 1));
            zones.put(id, config.zoneOf(i - 1));
        }
        this.ring = Claim.initial(weights, zones, config.partitions(), Math.min(quorum().n(), config.nodes()));
    }

    /**
     * Starts the cluster's nodes. On a root that holds a cluster already, the nodes start from the
     * views they kept ({@link ViewFile}): those the latest ring (or the
     * ring it is moving to) names are started, nodes that joined included, and nodes that left are
     * not, so the cluster comes back as it was. On a new root, n1..nN start with the first ring.
     */
    public static LocalCluster start(LocalClusterConfig config) {
        LocalCluster cluster = new LocalCluster(config);
        try {
            List<NodeId> active = cluster.reopen();
            for (NodeId id : cluster.ids) {
                if (active.contains(id)) {
                    cluster.startNode(id);
                }
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * Adds to {@link #ids} the nodes that joined in an earlier run over this root, and answers the
     * nodes to start: those of the latest ring the kept views hold, and of the ring it moves to; every
     * founding node when no view was kept.
     */
    private List<NodeId> reopen() {
        KeptViews kept = KeptViews.scan(config.root());
        if (kept.latest().isEmpty()) {
            return List.copyOf(ids);
        }
        kept.known().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        return kept.active();
    }

    @Override
    public List<NodeId> nodeIds() {
        return List.copyOf(ids);
    }

    @Override
    public Quorum quorum() {
        return config.coordinator().defaultQuorum();
    }

    /** The newest ring any running node routes with (the initial one before any node ran). */
    @Override
    public synchronized Ring ring() {
        Ring newest = ring;
        for (NodeRuntime r : running.values()) {
            Ring seen = r.view().ring();
            if (seen.version() > newest.version()) {
                newest = seen;
            }
        }
        return newest;
    }

    /**
     * Starts node {@code id} (new to the cluster) on an empty data directory and proposes its join;
     * returns once the proposal is made. Partitions move to it in the background; the ring switches
     * when they have (see {@link #awaitRing}).
     */
    @Override
    public synchronized void join(NodeId id) {
        join(id, 1);
    }

    /** As {@link #join(NodeId)}, the new node with {@code weight}: its share of the partitions relative to the others'. */
    public synchronized void join(NodeId id, int weight) {
        if (ids.contains(id)) {
            throw new IllegalArgumentException("node " + id + " is already in this cluster");
        }
        ids.add(id);
        startNode(id);
        running.get(id).join(weight).join();
    }

    /**
     * Proposes, through any running node, that {@code id} take {@code weight}; returns the version of
     * the ring that gives it, once proposed. Partitions move to or from it in the background, as for
     * a join; {@link #awaitRing} waits for the switch.
     *
     * @throws IllegalArgumentException if the node is not in the ring or already has that weight
     * @throws IllegalStateException    if another ring change is under way, or no node runs
     */
    public long reweight(NodeId id, int weight) {
        NodeRuntime any;
        synchronized (this) {
            any = running.values().stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no node runs to take the reweight"));
        }
        try {
            return any.reweight(id, weight).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("node " + any.id() + " did not take the reweight of " + id, e);
        }
    }

    /** As {@link #leave(NodeId, java.time.Duration)}, waiting at most {@link #LEAVE_DEADLINE}. */
    @Override
    public void leave(NodeId id) {
        leave(id, LEAVE_DEADLINE);
    }

    /**
     * Proposes that {@code id} leave; once the ring without it is in force everywhere and it has handed
     * on every hint it held (a write it coordinated during the change may live only there and on the
     * leaver), it is stopped. Blocks until then or the deadline.
     */
    public void leave(NodeId id, Duration deadline) {
        NodeRuntime leaver;
        synchronized (this) {
            leaver = runtime(id);
        }
        long end = System.nanoTime() + deadline.toNanos();
        long target = leaver.leave(id).join();
        awaitRing(target, deadline);
        await(id + " has handed on its hints", end, () -> leaver.storage().hints().counts().isEmpty());
        stop(id);
    }

    /**
     * Waits until every running node routes with ring {@code version} or later and has no transfer
     * left; throws naming the laggards after {@code deadline}.
     */
    public void awaitRing(long version, Duration deadline) {
        awaitViews("ring " + version + " in force", deadline, v -> v.ring().version() < version
                || v.transition().isPresent() ? "at ring " + v.ring().version() + v.transition()
                .map(t -> " (" + v.remainingTransfers().size() + " copies left)").orElse("") : null);
    }

    private static void await(String what, long endNanos, BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > endNanos) {
                throw new IllegalStateException("not " + what + " by the deadline");
            }
            pause(what);
        }
    }

    private static void pause(String what) {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what);
        }
    }

    /**
     * Waits until {@code lag} says of no running node's view how it lags (null: it does not); throws
     * naming the laggards after {@code deadline}.
     */
    private void awaitViews(String what, Duration deadline, Function<MembershipView, String> lag) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<String> behind = new ArrayList<>();
            synchronized (this) {
                running.forEach((id, r) -> {
                    String how = lag.apply(r.view());
                    if (how != null) {
                        behind.add(id + " " + how);
                    }
                });
            }
            if (behind.isEmpty()) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("not " + what + " after " + deadline.toMillis() + " ms: " + behind);
            }
            pause(what);
        }
    }

    /**
     * Makes a namespace or changes the settings {@code change} names, through the first running node,
     * and waits until every running node has it.
     *
     * @throws IllegalArgumentException naming a setting out of bounds
     * @throws IllegalStateException    if no node runs, or gossip has not brought it everywhere within 30 s
     */
    @Override
    public NamespaceConfig defineNamespace(NamespaceChange change) {
        NodeRuntime first;
        synchronized (this) {
            first = running.values().stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no node runs to take the namespace"));
        }
        NamespaceConfig made;
        try {
            made = first.defineNamespace(change).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("node " + first.id() + " did not take namespace " + change.namespace(), e);
        }
        awaitViews("namespace " + change.namespace() + " everywhere", Duration.ofSeconds(30),
                v -> v.namespaces().get(change.namespace()).map(NamespaceConfig::version).orElse(0L) < made.version()
                        ? "lacks it" : null);
        return made;
    }

    @Override
    public boolean isRunning(NodeId id) {
        return running.containsKey(id);
    }

    /** The node's own client interface (in-process: no HTTP hop). */
    @Override
    public KvStore client(NodeId id) {
        return runtime(id).client();
    }

    public NodeRuntime runtime(NodeId id) {
        NodeRuntime r = running.get(id);
        if (r == null) {
            throw new IllegalStateException("node " + id + " is stopped");
        }
        return r;
    }

    /**
     * The token every node's admin calls require ({@code X-Admin-Token}): random, made for this
     * cluster object and never written anywhere, so only this process can make admin calls.
     */
    public String adminToken() {
        return adminToken;
    }

    /** Where node {@code id} listens, or listened last. */
    public NodeAddresses addresses(NodeId id) {
        return directory.get(id);
    }

    /** The zone node {@code id} runs in (by its place among the nodes, see {@link LocalClusterConfig#zones}). */
    public Zone zoneOf(NodeId id) {
        int index = ids.indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("no node " + id + " in this cluster " + ids);
        }
        return config.zoneOf(index);
    }

    public Path dataDir(NodeId id) {
        return config.root().resolve(id.value());
    }

    /** Stops the node (its data stays on disk). */
    @Override
    public synchronized void stop(NodeId id) {
        NodeRuntime r = running.remove(id);
        if (r != null) {
            r.close();
        }
    }

    /** Starts a stopped node on its data directory. */
    @Override
    public synchronized void restart(NodeId id) {
        if (!running.containsKey(id)) {
            startNode(id);
        }
    }

    /** Stops the node, deletes its data, and starts it empty under a new incarnation. */
    @Override
    public synchronized void wipe(NodeId id) {
        stop(id);
        deleteTree(dataDir(id));
        incarnations.bump(id);
        startNode(id);
    }

    /**
     * Backs up every node (all must run) into {@code dir}, missing or empty ({@link BackupDirectory}):
     * a snapshot of each, one after another, while writes go on, each holding every write its node
     * acknowledged before it began.
     */
    public BackupDirectory.ClusterManifest backup(Path dir) {
        List<NodeId> stopped = nodeIds().stream().filter(id -> !isRunning(id)).toList();
        if (!stopped.isEmpty()) {
            throw new IllegalStateException("cannot back up the cluster while " + stopped + " are stopped");
        }
        return LocalBackups.backup(nodeIds(), this::runtime, dir);
    }

    /**
     * Brings the whole cluster back from the backup in {@code from}: checks every snapshot (an
     * {@link InvalidBackupException} stops nothing), stops every node, puts each node's snapshot back
     * and starts it under a new incarnation. Writes made after the backup are gone.
     */
    public synchronized void restore(Path from) {
        BackupDirectory.ClusterManifest backup = BackupDirectory.verify(from);
        LocalBackups.requireSameNodes(backup, ids, config.partitions(), from);
        for (NodeId id : ids) {
            stop(id);
        }
        for (NodeId id : ids) {
            incarnations.raiseTo(id, BackupRestore.restoreNode(from, backup.of(id), dataDir(id), incarnations.of(id)));
        }
        for (NodeId id : ids) {
            startNode(id);
        }
    }

    /**
     * Brings node {@code id} back from its snapshot in {@code from} while the others run, under a new
     * incarnation; anti-entropy, hints and read repair then bring it what was written since.
     */
    public synchronized void restore(Path from, NodeId id) {
        var manifest = BackupDirectory.verify(from, id);
        LocalBackups.requirePartitions(manifest, config.partitions(), from);
        stop(id);
        incarnations.raiseTo(id, BackupRestore.restoreNode(from, manifest, dataDir(id), incarnations.of(id)));
        startNode(id);
    }

    /** Cuts the cluster into groups that cannot reach each other. */
    @Override
    public synchronized void partition(List<Set<NodeId>> groups) {
        applyPlan(faults.withPartition(groups));
    }

    @Override
    public synchronized void heal() {
        applyPlan(faults.healed());
    }

    @Override
    public synchronized void degradeLinks(double dropRate, double duplicateRate, long delayMaxMillis) {
        applyPlan(faults.withDropRate(dropRate).withDuplicateRate(duplicateRate).withDelay(0, delayMaxMillis));
    }

    /**
     * Carries out {@code action} after checking that the nodes it names are members (a join's new
     * node aside).
     *
     * @throws IllegalArgumentException naming a node that is not a member
     */
    @Override
    public void apply(FaultAction action) {
        if (!(action instanceof FaultAction.Join)) {
            List<NodeId> members = nodeIds();
            for (NodeId id : action.nodes()) {
                if (!members.contains(id)) {
                    throw new IllegalArgumentException("no node " + id + " in this cluster " + members);
                }
            }
        }
        Cluster.super.apply(action);
    }

    private void applyPlan(FaultPlan plan) {
        faults = plan;
        running.values().forEach(r -> r.faults().apply(plan));
    }

    private void startNode(NodeId id) {
        int index = ids.indexOf(id);
        InetSocketAddress tcp = new InetSocketAddress(config.host(), config.firstTcp() == 0 ? 0 : config.firstTcp() + index);
        InetSocketAddress http = new InetSocketAddress(config.host(), config.firstHttp() == 0 ? 0 : config.firstHttp() + index);
        NodeRuntimeConfig settings = new NodeRuntimeConfig(id, dataDir(id), new NodeAddresses(tcp, http), directory::get,
                this::ring, config.secret(), adminToken(),
                config.coordinator().withIncarnation(incarnations.of(id)), config.durability()).withLimits(config.limits())
                .withBackground(config.background()).withZone(config.zoneOf(index))
                .withWeight(ring.weights().getOrDefault(id, 1));
        NodeRuntime r = NodeRuntime.start(settings);
        r.faults().apply(faults);
        directory.put(id, r.addresses());
        running.put(id, r);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir, e);
        }
    }

    /** Stops every node. */
    @Override
    public synchronized void close() {
        for (NodeId id : new ArrayList<>(running.keySet())) {
            stop(id);
        }
    }
}
