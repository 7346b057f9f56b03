package io.dynacart.web.control;

import io.dynacart.store.cluster.FaultAction;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.runtime.NodeRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's control of its embedded cluster: stop, start, wipe, partition, cut a zone off, heal,
 * join and leave, each a {@link FaultAction} checked here (members only, a partition covering every
 * member, a zone cut leaving some node on the other side, one ring change at a time) and carried out
 * by the cluster ({@code Cluster.apply}); and the state the cluster page and {@code GET
 * /control/state} show.
 *
 * <p>Joins return once proposed; a leave waits for the ring without the node, so it runs in the
 * background. One ring change at a time: a second is a conflict until the first is in force.
 */
public final class ClusterControl implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterControl.class);
    private static final Duration RING_CHANGE_DEADLINE = Duration.ofMinutes(5);

    private final LocalCluster cluster;
    private final ExecutorService ringChanges = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "demo-ring-change");
        t.setDaemon(true);
        return t;
    });
    private final Set<NodeId> left = new HashSet<>();
    private List<Set<NodeId>> partition = List.of();
    /** The zone the partition in force cuts off, or "" when it is no zone cut. */
    private String cutZone = "";
    private String ringChange = "";
    private String lastError = "";
    private final DetectorWatch detectors;
    private final Timeline timeline = new Timeline();

    public ClusterControl(LocalCluster cluster) {
        this.cluster = cluster;
        this.detectors = new DetectorWatch(cluster, this::groups);
        // A cluster reopened on its data starts the nodes of the ring it kept: one not started is one that left.
        Set<NodeId> inRing = Set.copyOf(cluster.ring().nodes());
        cluster.nodeIds().stream().filter(id -> !cluster.isRunning(id) && !inRing.contains(id)).forEach(left::add);
    }

    /** The groups the network is cut into now; empty when it is whole. */
    public synchronized List<Set<NodeId>> groups() {
        return partition;
    }

    public LocalCluster cluster() {
        return cluster;
    }

    /** The nodes of the cluster that have not left, in order. */
    public synchronized List<NodeId> members() {
        return cluster.nodeIds().stream().filter(id -> !left.contains(id)).toList();
    }

    /** Whether the network is cut into groups now. */
    public synchronized boolean partitioned() {
        return !partition.isEmpty();
    }

    public synchronized void stop(String id) {
        apply(new FaultAction.Stop(member(id)));
    }

    public synchronized void start(String id) {
        apply(new FaultAction.Restart(member(id)));
    }

    public synchronized void wipe(String id) {
        apply(new FaultAction.Wipe(member(id)));
    }

    /**
     * Cuts the network into {@code groups}: at least two, disjoint, non-empty, and together naming
     * every member exactly once.
     */
    public synchronized void partition(List<List<String>> groups) {
        if (groups == null || groups.size() < 2) {
            throw ControlException.badRequest("a partition needs at least two groups of nodes, e.g. "
                    + "{\"groups\":[[\"n1\",\"n2\"],[\"n3\",\"n4\",\"n5\"]]}");
        }
        List<Set<NodeId>> parsed = new ArrayList<>();
        Set<NodeId> seen = new HashSet<>();
        for (List<String> group : groups) {
            if (group == null || group.isEmpty()) {
                throw ControlException.badRequest("every partition group needs at least one node");
            }
            Set<NodeId> ids = new LinkedHashSet<>();
            for (String name : group) {
                NodeId id = member(name);
                if (!seen.add(id)) {
                    throw ControlException.badRequest("node " + id + " is in two partition groups");
                }
                ids.add(id);
            }
            parsed.add(ids);
        }
        apply(new FaultAction.Partition(parsed));
    }

    public synchronized void heal() {
        apply(new FaultAction.Heal());
    }

    /** Cuts every node of {@code zone} off from the rest (a partition of the zone against the others). */
    public synchronized void cutZone(String zone) {
        String problem = zone == null ? "a zone is required" : Zone.problemWith(zone);
        if (problem != null) {
            throw ControlException.badRequest("bad zone: " + problem);
        }
        apply(new FaultAction.CutZone(Zone.of(zone)));
    }

    /** Starts a new node (the next free name) and proposes its join; returns its id. */
    public synchronized NodeId join() {
        int highest = 0;
        for (NodeId id : cluster.nodeIds()) {
            highest = Math.max(highest, Integer.parseInt(id.value().substring(1)));
        }
        NodeId joiner = NodeId.of("n" + (highest + 1));
        apply(new FaultAction.Join(joiner));
        return joiner;
    }

    /** Proposes that {@code id} leave; it moves its partitions away in the background, then stops. */
    public synchronized void leave(String id) {
        apply(new FaultAction.Leave(member(id)));
    }

    /**
     * Carries out {@code action} once the demo's rules allow it: its nodes are members that have not
     * left; a partition names every member once; a join or leave waits for the ring change under way
     * (a join also for a healed network), and its wait for the new ring runs in the background.
     * Each action carried out goes into the {@link #timeline()}.
     *
     * @throws ControlException 400 for a bad action, 409 for one the cluster's state refuses now
     */
    public synchronized void apply(FaultAction action) {
        carryOut(action);
        String text = action.text();
        timeline.note(System.currentTimeMillis(), text.split(" ", 2)[0], text);
    }

    private void carryOut(FaultAction action) {
        if (!(action instanceof FaultAction.Join)) {
            action.nodes().forEach(id -> member(id.value()));
        }
        if (action instanceof FaultAction.Partition p) {
            List<NodeId> missing = members().stream().filter(id -> !p.nodes().contains(id)).toList();
            if (!missing.isEmpty()) {
                throw ControlException.badRequest("the groups must cover every node; missing: " + names(missing));
            }
            cluster.apply(p);
            partition = p.groups();
            cutZone = "";
        } else if (action instanceof FaultAction.CutZone z) {
            cutOff(z);
        } else if (action instanceof FaultAction.Heal) {
            cluster.apply(action);
            partition = List.of();
            cutZone = "";
        } else if (action instanceof FaultAction.Join j) {
            join(j.node());
        } else if (action instanceof FaultAction.Leave l) {
            leave(l.node());
        } else {
            cluster.apply(action);
        }
    }

    private void cutOff(FaultAction.CutZone cut) {
        Set<NodeId> inZone;
        try {
            inZone = cluster.nodesIn(cut.zone());
        } catch (IllegalArgumentException e) {
            throw ControlException.badRequest(e.getMessage());
        }
        Set<NodeId> rest = new LinkedHashSet<>(members());
        rest.removeAll(inZone);
        if (rest.isEmpty()) {
            throw ControlException.badRequest("every node is in zone " + cut.zone() + "; a cut needs nodes on the other side");
        }
        cluster.apply(cut);
        partition = List.of(inZone, rest);
        cutZone = cut.zone().name();
    }

    private void join(NodeId joiner) {
        requireNoRingChange();
        if (!partition.isEmpty()) {
            throw ControlException.conflict("heal the partition before a node joins");
        }
        cluster.apply(new FaultAction.Join(joiner));
        long target = cluster.runtime(joiner).view().transition().map(t -> t.target().version())
                .orElse(cluster.ring().version());
        background(joiner + " joining", () -> cluster.awaitRing(target, RING_CHANGE_DEADLINE));
    }

    private void leave(NodeId leaver) {
        requireNoRingChange();
        if (!cluster.isRunning(leaver)) {
            throw ControlException.conflict("node " + leaver + " is stopped; start it before it leaves");
        }
        int n = cluster.quorum().n();
        if (members().size() <= n) {
            throw ControlException.conflict("a cluster of " + members().size()
                    + " nodes keeps them all: N=" + n + " needs " + n + " replicas");
        }
        left.add(leaver);
        background(leaver + " leaving", () -> cluster.leave(leaver, RING_CHANGE_DEADLINE));
    }

    /**
     * Waits until every running node's failure detector agrees with the network (see
     * {@link DetectorWatch}); returns whether they agreed within {@code timeout}.
     */
    public boolean awaitDetectors(Duration timeout) {
        return detectors.await(timeout);
    }

    /** Where a running node's failure detector disagrees with the network; empty when none does. */
    public List<String> detectorDisagreements() {
        return detectors.disagreements();
    }

    private void background(String what, Runnable change) {
        ringChange = what;
        lastError = "";
        ringChanges.execute(() -> {
            try {
                change.run();
                timeline.note(System.currentTimeMillis(), "ring", "ring v" + cluster.ring().version());
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", what, e.getMessage());
                timeline.note(System.currentTimeMillis(), "ring", what + " failed");
                synchronized (this) {
                    lastError = what + " failed: " + e.getMessage();
                }
            } finally {
                synchronized (this) {
                    ringChange = "";
                }
            }
        });
    }

    private void requireNoRingChange() {
        if (!ringChange.isEmpty()) {
            throw ControlException.conflict("a ring change is under way (" + ringChange + "); one at a time");
        }
    }

    private NodeId member(String name) {
        String problem = name == null ? "a node id is required" : NodeId.problemWith(name);
        if (problem != null) {
            throw ControlException.badRequest("bad node id: " + problem);
        }
        NodeId id = NodeId.of(name);
        if (!cluster.nodeIds().contains(id)) {
            throw ControlException.badRequest("no node " + id + " in this cluster; there are " + names(members()));
        }
        if (left.contains(id)) {
            throw ControlException.conflict("node " + id + " has left the cluster");
        }
        return id;
    }

    private static String names(List<NodeId> ids) {
        return String.join(", ", ids.stream().map(NodeId::value).toList());
    }

    /** What happened to the cluster: each action with its time, and the hints and transfers each second. */
    public Timeline timeline() {
        return timeline;
    }

    /**
     * Samples the second that ended at {@code epochSecond} into the {@link #timeline()}: the hints the
     * running nodes hold, and the partitions they still have to pull for a join or leave.
     */
    public void sample(long epochSecond) {
        long hints = 0;
        long transfers = 0;
        // Not members(): that waits for an action under way (a wipe takes seconds), and a node that left is stopped.
        for (NodeId id : cluster.nodeIds()) {
            NodeRuntime r = runtimeOrNull(id);
            if (r == null) {
                continue;
            }
            try {
                ClusterStatus s = r.status();
                hints += s.hintsPending().values().stream().mapToLong(Long::longValue).sum();
                transfers += s.transfers().pending() + s.transfers().inFlight();
            } catch (RuntimeException e) {
                LOG.debug("no status from {}: {}", id, e.getMessage());
            }
        }
        timeline.sample(epochSecond, hints, transfers);
    }

    /** A snapshot of the cluster as the page shows it. */
    public ControlState state() {
        List<NodeId> ids;
        List<Set<NodeId>> groups;
        Set<NodeId> gone;
        String change;
        String error;
        String cut;
        synchronized (this) {
            ids = cluster.nodeIds();
            groups = partition;
            gone = Set.copyOf(left);
            change = ringChange;
            error = lastError;
            cut = cutZone;
        }
        Ring ring = cluster.ring();
        Map<NodeId, ClusterStatus> statuses = new HashMap<>();
        for (NodeId id : ids) {
            NodeRuntime r = runtimeOrNull(id);
            if (r != null) {
                try {
                    statuses.put(id, r.status());
                } catch (RuntimeException e) {
                    LOG.debug("no status from {}: {}", id, e.getMessage());
                }
            }
        }
        Map<String, Long> hintsFor = new HashMap<>();
        statuses.values().forEach(s -> s.hintsPending().forEach((n, c) -> hintsFor.merge(n, c, Long::sum)));
        List<ControlState.NodeState> nodes = new ArrayList<>();
        for (NodeId id : ids) {
            nodes.add(nodeState(id, ring, statuses.get(id), gone.contains(id), hintsFor, groups));
        }
        List<List<String>> partitionNames = groups.stream()
                .map(g -> g.stream().map(NodeId::value).sorted().toList()).toList();
        List<String> zones = ring.zones().values().stream().map(Zone::name).distinct().sorted().toList();
        return new ControlState(ring.version(), ring.partitionCount(),
                ring.owners().stream().map(NodeId::value).toList(), partitionNames, change, error, nodes, zones, cut);
    }

    private ControlState.NodeState nodeState(NodeId id, Ring ring, ClusterStatus s, boolean hasLeft,
                                             Map<String, Long> hintsFor, List<Set<NodeId>> groups) {
        String side = "";
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).contains(id)) {
                side = String.valueOf((char) ('A' + g));
            }
        }
        int partitions = ring.partitionsOwnedBy(id).size();
        long waiting = hintsFor.getOrDefault(id.value(), 0L);
        NodeRuntime r = runtimeOrNull(id);
        var address = cluster.addresses(id);
        String http = address == null ? "" : address.http().getHostString() + ":" + address.http().getPort();
        String zone = cluster.zoneOf(id).name();
        if (r == null || s == null) {
            return new ControlState.NodeState(id.value(), hasLeft && r == null ? "left" : "down", "", partitions, 0, 0,
                    waiting, 0, side, http, ClusterStatus.AntiEntropy.NONE, ClusterStatus.Transfers.NONE, zone,
                    ClusterStatus.Reclaim.NONE);
        }
        String membership = s.nodes().stream().filter(v -> v.id().equals(id.value())).findFirst()
                .map(ClusterStatus.NodeView::membership).orElse("");
        long held = s.hintsPending().values().stream().mapToLong(Long::longValue).sum();
        return new ControlState.NodeState(id.value(), "up", membership, partitions, keys(r, s.partitionCount()), held,
                waiting, s.requestsInFlight(), side, http, s.antiEntropy(), s.transfers(), zone, s.reclaim());
    }

    private static long keys(NodeRuntime r, int partitionCount) {
        long keys = 0;
        for (int p = 0; p < partitionCount; p++) {
            keys += r.storage().stats(PartitionId.of(p)).keys();
        }
        return keys;
    }

    private NodeRuntime runtimeOrNull(NodeId id) {
        try {
            return cluster.isRunning(id) ? cluster.runtime(id) : null;
        } catch (IllegalStateException stopped) {
            return null;
        }
    }

    @Override
    public void close() {
        ringChanges.shutdownNow();
    }
}
