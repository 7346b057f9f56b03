package io.dynacart.store.node;

import io.dynacart.store.antientropy.AntiEntropyStats;
import io.dynacart.store.handoff.ReclaimProgress;
import io.dynacart.store.handoff.TransferProgress;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a node's parts say at one moment, taken on its event loop ({@link Node#status()}) for status
 * pages, metrics and the simulator, so that none of them reaches into the node's parts.
 *
 * @param view                membership as gossip has it here
 * @param unreachable         the other nodes this node's failure detector avoids now
 * @param suspicion           the other known nodes' suspicion (phi), by node
 * @param requestsInFlight    client requests this node is coordinating or forwarding
 * @param hintsStored         hints kept for unreachable primaries since start
 * @param hintsDelivered      hints delivered to their own node since start
 * @param antiEntropy         anti-entropy's counters
 * @param transfers           the partitions this node pulls for a join or leave, and how far along
 * @param tombstonesCollected tombstones purged since start
 * @param reclaim             the partitions this node dropped since start, and those it holds but no
 *                            longer replicates
 */
public record NodeStatus(MembershipView view, Set<NodeId> unreachable, Map<NodeId, Double> suspicion,
                         int requestsInFlight, long hintsStored, long hintsDelivered, AntiEntropyStats antiEntropy,
                         TransferProgress transfers, long tombstonesCollected, ReclaimProgress reclaim) {

    public NodeStatus {
        Objects.requireNonNull(view, "view");
        unreachable = Set.copyOf(unreachable);
        suspicion = Map.copyOf(suspicion);
        Objects.requireNonNull(antiEntropy, "antiEntropy");
        Objects.requireNonNull(transfers, "transfers");
        Objects.requireNonNull(reclaim, "reclaim");
    }

    /** The suspicion of {@code peer}: 0 for this node itself and for one it knows nothing of. */
    public double suspicionOf(NodeId peer) {
        return suspicion.getOrDefault(peer, 0.0);
    }
}
