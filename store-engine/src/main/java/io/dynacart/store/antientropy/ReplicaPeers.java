package io.dynacart.store.antientropy;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import java.util.List;
import java.util.Objects;

/**
 * With whom this node exchanges trees: each partition it replicates, paired with each other node
 * that replicates it (the partition's first N distinct nodes on the ring). The node wires it from
 * its ring view, and may leave out peers it believes unreachable. The responder asks it too: a
 * request about a partition that is not a shared replica is declined.
 */
@FunctionalInterface
public interface ReplicaPeers {

    /** The pairs to exchange with, in a stable order (the round-robin walks it). */
    List<PartitionPeer> pairs();

    /** Whether {@code peer} and this node both replicate {@code partition}. */
    default boolean shares(PartitionId partition, NodeId peer) {
        return pairs().contains(new PartitionPeer(partition, peer));
    }

    /** One partition this node replicates, and one other replica of it. */
    record PartitionPeer(PartitionId partition, NodeId peer) {
        public PartitionPeer {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(peer, "peer");
        }
    }
}
