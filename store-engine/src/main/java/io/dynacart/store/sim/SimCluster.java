package io.dynacart.store.sim;

import io.dynacart.store.antientropy.AntiEntropyConfig;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.NamespaceTable;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.cluster.Cluster;
import io.dynacart.store.cluster.FaultAction;
import io.dynacart.store.cluster.FaultSchedule;
import io.dynacart.store.cluster.ScheduledFault;
import io.dynacart.store.coordinator.CoordinatorConfig;
import io.dynacart.store.handoff.ReclaimConfig;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.Proposals;
import io.dynacart.store.node.MembershipConfig;
import io.dynacart.store.node.Node;
import io.dynacart.store.node.NodeConfig;
import io.dynacart.store.node.NodeEnvironment;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.transport.FaultyNetwork;
import io.dynacart.store.transport.InMemoryNetwork;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A cluster of nodes in virtual time: in-memory network with seeded faults, memory storage that a
 * crash leaves intact (a crashed node loses nothing its storage acknowledged), a wipe that does not,
 * and an operator ({@link RingOperator}) that joins and removes nodes one ring change at a time.
 *
 * <p>The members are the nodes started and not departed: a node that left the ring and was stopped
 * is gone with its storage, so the invariants no longer count what it held.
 *
 * <p>As a {@link Cluster}, a stop is a crash, a leave is asked of the operator and carried out in
 * virtual time, and a fault schedule ({@link #replay}) runs each action at its virtual time.
 */
public final class SimCluster implements Cluster {

    /** Partitions of the simulated ring: small, so that runs are quick yet keys spread. */
    public static final int PARTITIONS = 64;

    private final SimScheduler scheduler;
    private final FaultyNetwork network;
    private final Ring initialRing;
    private final CoordinatorConfig coordinatorConfig;
    private final UnaryOperator<Storage> wrap;
    private final RingOperator operator;
    private final UnaryOperator<NodeConfig> configure;
    private final Map<NodeId, Storage> storages = new LinkedHashMap<>();
    private final Set<NodeId> departed = new LinkedHashSet<>();
    private final Map<NodeId, Integer> incarnations = new HashMap<>();
    /** The ring each node had when it last stopped, as a real node keeps it on disk; a wipe loses it. */
    private final Map<NodeId, Ring> lastRings = new HashMap<>();
    /**
     * The namespaces each node knew when it last stopped, as a real node keeps them on disk
     * ({@code runtime.NamespaceFile}); a wipe loses them.
     */
    private final Map<NodeId, NamespaceTable> lastNamespaces = new HashMap<>();
    private final Map<NodeId, Node> running = new LinkedHashMap<>();
    private final Map<NodeId, SimScheduler.NodeScheduler> loops = new LinkedHashMap<>();
    /** Changes to who runs and who reaches whom so far: a put is judged by AlwaysWriteable only if none happened during it. */
    private long disturbances;
    /** Every zone cut so far, in the order made. */
    private final List<ZoneCut> zoneCuts = new ArrayList<>();
    /** What happened so far, for the run's {@link Timeline}. */
    private final List<Timeline.Event> events = new ArrayList<>();
    /** The fault being carried out now, as written in a schedule ({@link #replay}); empty between faults. */
    private String cause = "";
    /** Whether the nodes are starting for the first time (not an event worth noting). */
    private boolean founding;

    /**
     * A zone cut off from the rest by a {@link FaultAction.CutZone}: its nodes then, from when until when
     * (virtual ms), the end being the next change of the partitions (a heal, or another cut).
     */
    public record ZoneCut(Zone zone, Set<NodeId> nodes, long from, long to) {
    }

    /** Nodes named n1, n2, ... */
    public static List<NodeId> names(int nodes) {
        return IntStream.rangeClosed(1, nodes).mapToObj(i -> NodeId.of("n" + i)).toList();
    }

    public SimCluster(List<NodeId> nodes, SimScheduler scheduler, RandomGenerator random,
                      CoordinatorConfig coordinatorConfig) {
        this(nodes, scheduler, random, coordinatorConfig, storage -> storage);
    }

    /** A cluster whose nodes' settings {@code configure} changes (tests shorten the tombstone grace, say). */
    public static SimCluster configured(List<NodeId> nodes, SimScheduler scheduler, RandomGenerator random,
                                        CoordinatorConfig coordinatorConfig,
                                        UnaryOperator<NodeConfig> configure) {
        return new SimCluster(nodes, scheduler, random, coordinatorConfig, storage -> storage, configure);
    }

    /** A cluster whose storages are wrapped by {@code wrap} (the simulation records versions through it). */
    SimCluster(List<NodeId> nodes, SimScheduler scheduler, RandomGenerator random, CoordinatorConfig coordinatorConfig,
               UnaryOperator<Storage> wrap) {
        this(nodes, scheduler, random, coordinatorConfig, wrap, config -> config);
    }

    /** A cluster whose nodes' settings {@code configure} adjusts (tests shorten grace periods with it). */
    SimCluster(List<NodeId> nodes, SimScheduler scheduler, RandomGenerator random, CoordinatorConfig coordinatorConfig,
               UnaryOperator<Storage> wrap, UnaryOperator<NodeConfig> configure) {
        this.scheduler = scheduler;
        this.coordinatorConfig = coordinatorConfig;
        this.wrap = wrap;
        this.configure = configure;
        this.operator = new RingOperator(this);
        RandomGenerator latency = random;
        this.network = new FaultyNetwork(new InMemoryNetwork(scheduler, () -> 1 + latency.nextInt(4)), scheduler, random);
        Map<NodeId, Integer> weights = new LinkedHashMap<>();
        Map<NodeId, Zone> zones = new LinkedHashMap<>();
        nodes.forEach(id -> weights.put(id, 1));
        nodes.forEach(id -> zones.put(id, nodeConfig(id).membership().zone())); // the zone its settings give it
        this.initialRing = Claim.initial(weights, zones, PARTITIONS, Math.min(quorum().n(), nodes.size()));
        for (NodeId id : weights.keySet()) {
            storages.put(id, emptyStorage());
        }
        founding = true;
        weights.keySet().forEach(this::start);
        founding = false;
    }

    /** The members: every node started and not departed, running or not, in the order they came. */
    @Override
    public List<NodeId> nodeIds() {
        List<NodeId> ids = new ArrayList<>(storages.keySet());
        ids.removeAll(departed);
        return ids;
    }

    /** Nodes that left the ring and were stopped for good. */
    public Set<NodeId> departed() {
        return Set.copyOf(departed);
    }

    /**
     * The ring the cluster is on: the latest (by version) of the running nodes' rings, or the initial
     * ring while none runs. Once membership has converged every running node has this one.
     */
    @Override
    public Ring ring() {
        return running.values().stream().map(node -> node.status().view().ring())
                .max(Comparator.comparingLong(Ring::version)).orElse(initialRing);
    }

    /** Running nodes' views, by id. */
    public Map<NodeId, MembershipView> views() {
        Map<NodeId, MembershipView> views = new LinkedHashMap<>();
        running.forEach((id, node) -> views.put(id, node.status().view()));
        return views;
    }

    @Override
    public Quorum quorum() {
        return coordinatorConfig.defaultQuorum();
    }

    /** Starts {@code id} empty and has the operator propose its join once it is a known member. */
    @Override
    public void join(NodeId id) {
        operator.join(id);
    }

    /** Has the operator propose {@code id}'s leave, and stop it for good once every view has it LEFT. */
    @Override
    public void leave(NodeId id) {
        operator.leave(id);
    }

    /**
     * Proposes {@code change} on the first running node, then runs virtual time until every running
     * node has it (at most a simulated minute).
     */
    @Override
    public NamespaceConfig defineNamespace(NamespaceChange change) {
        Node first = running.values().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no node runs to take the namespace"));
        CompletableFuture<NamespaceConfig> made = new CompletableFuture<>();
        scheduler.execute(() -> {
            try {
                NamespaceConfig current = first.view().namespaces().get(change.namespace()).orElse(null);
                MembershipView after = first.propose(v -> Proposals.defineNamespace(v,
                        change.applyTo(current, quorum())));
                made.complete(after.namespaces().get(change.namespace()).orElseThrow());
            } catch (RuntimeException e) {
                made.completeExceptionally(e);
            }
        });
        NamespaceConfig config = scheduler.await(made);
        long deadline = scheduler.now() + 60_000;
        while (!running.values().stream().allMatch(n -> n.view().namespaces().get(change.namespace())
                .map(NamespaceConfig::version).orElse(0L) >= config.version())) {
            if (scheduler.now() >= deadline) {
                throw new IllegalStateException("namespace " + change.namespace() + " has not reached every node");
            }
            scheduler.runFor(100);
        }
        return config;
    }

    /** Whether every join and leave asked for is done (leavers stopped). */
    public boolean ringChangesSettled() {
        return operator.settled();
    }

    /** What the operator did, when (virtual ms): proposals, ring switches, stops. */
    public List<String> ringChangeLog() {
        return operator.log();
    }

    public FaultyNetwork network() {
        return network;
    }

    public SimScheduler scheduler() {
        return scheduler;
    }

    @Override
    public boolean isRunning(NodeId id) {
        return running.containsKey(id);
    }

    /** The node's client interface; the node must be running. */
    @Override
    public KvStore client(NodeId id) {
        Node node = running.get(id);
        if (node == null) {
            throw new IllegalStateException(id + " is down");
        }
        return node.client();
    }

    public Node node(NodeId id) {
        return running.get(id);
    }

    public Storage storage(NodeId id) {
        return storages.get(id);
    }

    /** Stops the node abruptly: timers and in-flight work vanish; its storage stays. */
    public void crash(NodeId id) {
        if (running.containsKey(id)) {
            note(id, Timeline.Kind.DOWN, cause.isEmpty() ? "crashed" : "down (" + cause + ")");
        }
        halt(id);
    }

    /** Stops the node abruptly, noting nothing (a wipe and a departure note their own event). */
    private void halt(NodeId id) {
        Node node = running.remove(id);
        if (node != null) {
            disturbances++;
            lastRings.put(id, node.status().view().ring());
            lastNamespaces.put(id, node.status().view().namespaces());
            loops.remove(id).halt();
            node.stop();
        }
    }

    /** A crash: see {@link #crash}. */
    @Override
    public void stop(NodeId id) {
        crash(id);
    }

    /** Starts a crashed node again on its storage; a departed or never started node stays as it is. */
    @Override
    public void restart(NodeId id) {
        if (storages.containsKey(id) && !departed.contains(id) && !running.containsKey(id)) {
            note(id, Timeline.Kind.UP, cause.isEmpty() ? "restarted on its disk" : "up (" + cause + ")");
            start(id);
        }
    }

    /**
     * The disk is lost: crashes the node, gives it an empty storage and starts it under its next
     * incarnation, so that its new versions never reuse the counters of its first life (as
     * {@code LocalCluster.wipe} does). A node that is down or departed is left alone.
     */
    @Override
    public void wipe(NodeId id) {
        if (!running.containsKey(id) || departed.contains(id)) {
            return;
        }
        halt(id);
        storages.put(id, emptyStorage());
        lastRings.remove(id);
        lastNamespaces.remove(id);
        incarnations.merge(id, 1, Integer::sum);
        note(id, Timeline.Kind.WIPE, "disk lost (" + (cause.isEmpty() ? "wipe " + id : cause)
                + "); up again, empty, as incarnation " + incarnation(id));
        start(id);
    }

    @Override
    public void partition(List<Set<NodeId>> groups) {
        endZoneCut();
        String split = groups.stream().map(g -> g.stream().sorted(NODE_ORDER).map(NodeId::value)
                .collect(Collectors.joining(","))).collect(Collectors.joining(" | "));
        note(null, Timeline.Kind.PARTITION, cause.startsWith("partition") || cause.isEmpty() ? "partition " + split
                : cause + ": " + split);
        network.partition(groups);
    }

    @Override
    public void heal() {
        endZoneCut();
        note(null, Timeline.Kind.HEAL, "heal: every partition ends");
        network.heal();
    }

    /** Carries out {@code action}; a zone cut is noted with its nodes (see {@link #zoneCuts}). */
    @Override
    public void apply(FaultAction action) {
        Cluster.super.apply(action);
        if (action instanceof FaultAction.CutZone cut) {
            zoneCuts.add(new ZoneCut(cut.zone(), nodesIn(cut.zone()), scheduler.now(), Long.MAX_VALUE));
        }
    }

    /** The zone cuts so far; one still in force ends at {@code Long.MAX_VALUE}. */
    public List<ZoneCut> zoneCuts() {
        return List.copyOf(zoneCuts);
    }

    private void endZoneCut() {
        int last = zoneCuts.size() - 1;
        if (last >= 0 && zoneCuts.get(last).to() == Long.MAX_VALUE) {
            ZoneCut open = zoneCuts.get(last);
            zoneCuts.set(last, new ZoneCut(open.zone(), open.nodes(), open.from(), scheduler.now()));
        }
    }

    @Override
    public void degradeLinks(double dropRate, double duplicateRate, long delayMaxMillis) {
        if (dropRate == 0 && duplicateRate == 0 && delayMaxMillis == 0) {
            note(null, Timeline.Kind.CLEAN_LINKS, "clean links");
        } else {
            note(null, Timeline.Kind.LINKS, String.format(Locale.ROOT, "links drop %.0f%%, duplicate %.0f%%,"
                    + " delay up to %d ms", dropRate * 100, duplicateRate * 100, delayMaxMillis));
        }
        network.dropRate(dropRate);
        network.duplicateRate(duplicateRate);
        network.delay(0, delayMaxMillis);
    }

    /**
     * Schedules each fault of {@code schedule} at its time (virtual ms since the simulation began),
     * counted as a disturbance when it runs. Faults due already run next.
     */
    public void replay(FaultSchedule schedule) {
        for (ScheduledFault f : schedule.faults()) {
            scheduler.schedule(Math.max(0, f.at().toMillis() - scheduler.now()), () -> {
                disturb();
                because(f.action().text(), () -> apply(f.action()));
            });
        }
    }

    /** How many times {@code id} was wiped. */
    public int incarnation(NodeId id) {
        return incarnations.getOrDefault(id, 0);
    }

    /** Starts a new node with an empty storage, the current members as seeds and the current ring. */
    void add(NodeId id) {
        if (storages.containsKey(id)) {
            throw new IllegalArgumentException(id + " was already started once");
        }
        storages.put(id, emptyStorage());
        note(id, Timeline.Kind.UP, "started empty, to join the ring");
        start(id);
    }

    /** Stops {@code id} for good: it left the ring, and its storage no longer counts. */
    void depart(NodeId id) {
        note(id, Timeline.Kind.DOWN, "stopped for good: it left the ring");
        halt(id);
        departed.add(id);
    }

    /** Runs {@code changes}, each event they make noted as caused by {@code why}. */
    void because(String why, Runnable changes) {
        cause = why;
        try {
            changes.run();
        } finally {
            cause = "";
        }
    }

    /** Notes an event of the run at the current virtual time (node null: the whole cluster). */
    public void note(NodeId node, Timeline.Kind kind, String text) {
        if (!founding) {
            events.add(new Timeline.Event(scheduler.now(), node, kind, text));
        }
    }

    /** What happened so far (faults as they struck, nodes down and up, ring changes, phases), in order. */
    List<Timeline.Event> events() {
        return events;
    }

    /** Nodes in the order of their numbers: n2 before n10. */
    private static final Comparator<NodeId> NODE_ORDER =
            Comparator.comparingInt((NodeId id) -> id.value().length()).thenComparing(NodeId::value);

    /**
     * How many times so far a node started or stopped, or the network's faults changed
     * ({@link #disturb}): equal counts before and after a request mean nothing changed under it.
     */
    public long disturbances() {
        return disturbances;
    }

    /** Counts a change of the network's faults made from outside (a fault schedule). */
    public void disturb() {
        disturbances++;
    }

    /**
     * The nodes of {@code from}'s ring (its extended preference lists) that are running and that the
     * network lets {@code from} reach now, {@code from} included when it is in its ring.
     */
    public List<NodeId> reachableRingNodes(NodeId from) {
        Node node = running.get(from);
        if (node == null) {
            return List.of();
        }
        return node.view().ring().nodes().stream()
                .filter(running::containsKey)
                .filter(id -> !network.plan().separates(from, id))
                .toList();
    }

    /** Whether links lose, duplicate or delay nothing now (partitions aside). */
    public boolean linksClean() {
        var plan = network.plan();
        return plan.dropRate() == 0 && plan.duplicateRate() == 0 && plan.delayMaxMillis() == 0;
    }

    private Storage emptyStorage() {
        return wrap.apply(new MemoryStorage(new Partitioner(PARTITIONS)));
    }

    /**
     * How long a new ring settles before a node drops the partitions it moved away: gossip brings a
     * ring to five nodes in a few virtual seconds, so drops happen within a run and its end game, where
     * the invariants judge them.
     */
    static final ReclaimConfig RECLAIM = ReclaimConfig.DEFAULT.withSettleMillis(2_000);

    /**
     * {@code id}'s settings as {@code configure} adjusts them, with the current members as seeds and
     * the namespaces it knew when it last stopped.
     */
    private NodeConfig nodeConfig(NodeId id) {
        MembershipConfig membership = MembershipConfig.defaults(nodeIds())
                .withNamespaces(lastNamespaces.getOrDefault(id, NamespaceTable.EMPTY));
        return configure.apply(new NodeConfig(id, coordinatorConfig.withIncarnation(incarnation(id)), 2,
                200, 200, membership, AntiEntropyConfig.DEFAULT).withReclaim(RECLAIM));
    }

    private void start(NodeId id) {
        disturbances++;
        SimScheduler.NodeScheduler loop = scheduler.forNode();
        NodeConfig config = nodeConfig(id);
        // A restarted node has the ring it kept; a new or wiped one is given the cluster's.
        Ring startRing = lastRings.getOrDefault(id, ring());
        Node node = Node.start(config, new NodeEnvironment(network, loop, scheduler.clock(), storages.get(id),
                () -> startRing));
        loops.put(id, loop);
        running.put(id, node);
    }
}
