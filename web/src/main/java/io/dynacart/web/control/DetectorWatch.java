package io.dynacart.web.control;

import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.http.ClusterStatus;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.runtime.NodeRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whether the nodes have noticed a partition or a heal. Each node decides for itself which peers
 * it can reach (its failure detector, from heartbeats and unanswered requests); until it agrees
 * with the network, its requests may wait on a replica across the partition and time out instead
 * of taking the sloppy quorum at once. The demo's partition and heal buttons wait for agreement.
 */
final class DetectorWatch {

    private final LocalCluster cluster;
    private final Supplier<List<Set<NodeId>>> partition;

    /** @param partition the groups the network is cut into now (empty when healed) */
    DetectorWatch(LocalCluster cluster, Supplier<List<Set<NodeId>>> partition) {
        this.cluster = cluster;
        this.partition = partition;
    }

    /**
     * Waits until every running node's failure detector agrees with the network: the nodes across
     * the partition unreachable, or (healed) every running node reachable. Requests made before
     * that may wait for a node they still count on and time out, rather than take the sloppy quorum
     * at once. Returns whether they agreed within {@code timeout}.
     */
    boolean await(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        int round = 0;
        while (System.nanoTime() < end) {
            if (disagreements().isEmpty()) {
                return true;
            }
            probe(round++);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /**
     * A few reads through every running node, answers ignored. A node suspects a peer from missed
     * heartbeats and from requests the peer does not answer; a peer it has not heard from yet, in a
     * cluster with no traffic, it cannot suspect by heartbeats alone. These reads are that traffic.
     */
    private void probe(int round) {
        for (NodeId id : cluster.nodeIds()) {
            NodeRuntime r = runtimeOrNull(id);
            if (r == null) {
                continue;
            }
            for (int i = 0; i < 4; i++) {
                try {
                    r.client().get(Key.of("probe:" + ((round * 4 + i) % 64)));
                } catch (RuntimeException ignored) {
                    // A stopping node refuses; the next round asks again.
                }
            }
        }
    }

    /**
     * Where a running node's failure detector disagrees with the network, e.g. {@code "n1 reaches n3"}
     * across a partition or {@code "n2 does not reach n4"} inside one side; empty when none does.
     */
    List<String> disagreements() {
        List<String> out = new ArrayList<>();
        List<Set<NodeId>> groups = partition.get();
        for (NodeId id : cluster.nodeIds()) {
            NodeRuntime r = runtimeOrNull(id);
            if (r == null) {
                continue;
            }
            ClusterStatus s;
            try {
                s = r.status();
            } catch (RuntimeException e) {
                out.add(id + " does not report its status");
                continue;
            }
            for (ClusterStatus.NodeView v : s.nodes()) {
                NodeId other = NodeId.of(v.id());
                if (!cluster.isRunning(other) || other.equals(id)) {
                    continue;
                }
                boolean apart = groups.stream().anyMatch(g -> g.contains(id) && !g.contains(other));
                boolean reachable = v.status() == ClusterStatus.Reachability.REACHABLE;
                if (apart == reachable) {
                    out.add(id + (reachable ? " reaches " : " does not reach ") + other);
                }
            }
        }
        return out;
    }

    private NodeRuntime runtimeOrNull(NodeId id) {
        try {
            return cluster.isRunning(id) ? cluster.runtime(id) : null;
        } catch (IllegalStateException stopped) {
            return null;
        }
    }
}
