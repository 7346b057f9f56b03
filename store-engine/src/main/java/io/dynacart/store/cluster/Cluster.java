package io.dynacart.store.cluster;

import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Ring;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cluster one can operate: its members, its ring, a client of each running node, and the faults
 * of a schedule ({@link FaultAction}). Implemented by {@link LocalCluster} (real nodes in this
 * process) and the simulator's {@code SimCluster} (virtual time), so that one fault schedule runs
 * against either; the load generator's target and the demo's control API are adapters over it.
 */
public interface Cluster {

    /** The members, in the order they came: every node started and not departed, running or not. */
    List<NodeId> nodeIds();

    boolean isRunning(NodeId id);

    /** The newest ring a running node routes with (the initial ring while none runs). */
    Ring ring();

    /** N, R and W the nodes coordinate with by default; N is how many replicas a key has. */
    Quorum quorum();

    /**
     * The node's own client interface.
     *
     * @throws IllegalStateException when the node is stopped
     */
    KvStore client(NodeId id);

    /** Stops the node; its data stays. */
    void stop(NodeId id);

    /** Starts a stopped node on its data. */
    void restart(NodeId id);

    /** The disk is lost: stops the node, deletes its data and starts it empty under its next incarnation. */
    void wipe(NodeId id);

    /** Cuts the network into groups that cannot reach each other. */
    void partition(List<Set<NodeId>> groups);

    /** Ends every partition; link faults stay. */
    void heal();

    /** Makes every link drop, duplicate and delay messages (all zero: clean links); partitions stay. */
    void degradeLinks(double dropRate, double duplicateRate, long delayMaxMillis);

    /** Starts {@code id}, new to the cluster, on empty data and has it join the ring. */
    void join(NodeId id);

    /** Has {@code id} move its partitions away and stop once the ring without it is in force. */
    void leave(NodeId id);

    /**
     * Makes a namespace or changes the settings {@code change} names, and returns once every running
     * node has it.
     *
     * @throws IllegalArgumentException naming a setting out of bounds
     */
    NamespaceConfig defineNamespace(NamespaceChange change);

    /** Carries out {@code action}. */
    default void apply(FaultAction action) {
        if (action instanceof FaultAction.Stop a) {
            stop(a.node());
        } else if (action instanceof FaultAction.Restart a) {
            restart(a.node());
        } else if (action instanceof FaultAction.Wipe a) {
            wipe(a.node());
        } else if (action instanceof FaultAction.Partition a) {
            partition(a.groups());
        } else if (action instanceof FaultAction.Heal) {
            heal();
        } else if (action instanceof FaultAction.Join a) {
            join(a.node());
        } else if (action instanceof FaultAction.Leave a) {
            leave(a.node());
        } else if (action instanceof FaultAction.LossyLinks a) {
            degradeLinks(a.drop(), a.duplicate(), a.delayMaxMillis());
        } else if (action instanceof FaultAction.CleanLinks) {
            degradeLinks(0, 0, 0);
        } else if (action instanceof FaultAction.CutOffReplicas a) {
            cutOff(new HashSet<>(ring().preferenceList(KeyHash.of(a.key()), quorum().n()).primaries()));
        } else if (action instanceof FaultAction.CutZone a) {
            cutOff(nodesIn(a.zone()));
        } else {
            throw new IllegalStateException("unhandled fault action " + action);
        }
    }

    /** Partitions {@code group} from every other member. */
    private void cutOff(Set<NodeId> group) {
        Set<NodeId> others = new HashSet<>(nodeIds());
        others.removeAll(group);
        partition(others.isEmpty() ? List.of(group) : List.of(group, others));
    }

    /**
     * The nodes the ring places in {@code zone}.
     *
     * @throws IllegalArgumentException when the ring has none there, naming its zones
     */
    default Set<NodeId> nodesIn(Zone zone) {
        Set<NodeId> in = new TreeSet<>();
        ring().zones().forEach((node, z) -> {
            if (z.equals(zone)) {
                in.add(node);
            }
        });
        if (in.isEmpty()) {
            throw new IllegalArgumentException("no node of the ring is in zone " + zone + "; its zones are "
                    + new TreeSet<>(ring().zones().values()));
        }
        return in;
    }
}
