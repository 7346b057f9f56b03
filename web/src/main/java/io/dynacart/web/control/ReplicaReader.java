package io.dynacart.web.control;

import io.dynacart.store.api.Value;
import io.dynacart.store.cluster.LocalCluster;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.runtime.NodeRuntime;
import io.dynacart.store.storage.StorageException;
import io.dynacart.store.versioning.Versioned;
import java.util.List;

/**
 * Where a key lives and what each node holds of it, read from the node's own storage: no request,
 * no quorum, no read repair, so looking changes nothing. The lab and the paper's example show it
 * beside what a quorum read answers.
 */
public final class ReplicaReader {

    /**
     * What one node holds of a key.
     *
     * @param running whether the node runs (a stopped node's disk is not read)
     * @param held    its replica of the key: the siblings it stores, tombstones included
     * @param hinted  versions it keeps as hints for other nodes (as a fallback)
     */
    public record Copy(NodeId node, boolean running, List<Versioned<Value>> held, List<Versioned<Value>> hinted) {
        public Copy {
            held = List.copyOf(held);
            hinted = List.copyOf(hinted);
        }

        static Copy stopped(NodeId node) {
            return new Copy(node, false, List.of(), List.of());
        }
    }

    private final LocalCluster cluster;

    public ReplicaReader(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** The key's N replicas in the newest ring, in preference-list order. */
    public List<NodeId> replicasOf(Key key) {
        Ring ring = cluster.ring();
        return ring.preferenceList(KeyHash.of(key), cluster.quorum().n()).primaries();
    }

    /** The zone a node runs in; {@link Zone#DEFAULT} without zones. */
    public Zone zoneOf(NodeId node) {
        return cluster.zoneOf(node);
    }

    /** How many zones the ring's nodes are in. */
    public int zoneCount() {
        return cluster.ring().zoneCount();
    }

    /**
     * The node whose write a clock entry names: the node itself ({@code n3}), a later incarnation of it
     * ({@code n3.1}, after its data was wiped) or the node taking a put over as a fallback
     * ({@code n3_<generation>.<epoch>}); {@code actor} itself when no node of the cluster matches.
     */
    public NodeId nodeOf(NodeId actor) {
        NodeId best = actor;
        int bestLength = -1;
        String a = actor.value();
        for (NodeId id : cluster.nodeIds()) {
            String v = id.value();
            if ((a.equals(v) || a.startsWith(v + ".") || a.startsWith(v + "_")) && v.length() > bestLength) {
                best = id;
                bestLength = v.length();
            }
        }
        return best;
    }

    /** Whether a clock entry names a fallback's take-over of a put ({@code n3_<generation>.<epoch>}). */
    public static boolean isTakeOver(NodeId actor) {
        return actor.value().contains("_");
    }

    /** What {@code node} holds of {@code key} now; a stopped node holds nothing readable. */
    public Copy copy(NodeId node, Key key) {
        NodeRuntime runtime;
        try {
            runtime = cluster.runtime(node);
        } catch (IllegalStateException stopped) {
            return Copy.stopped(node);
        }
        try {
            return new Copy(node, true, runtime.storage().get(key), runtime.storage().hints().forKey(key));
        } catch (StorageException | IllegalStateException closing) {
            return Copy.stopped(node); // stopped while we read
        }
    }
}
