package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A partition this node must receive before it owns it, and the nodes that hold it now, in the order
 * to ask them (paper, section 4.9: the current primaries of the partition).
 */
public record Incoming(PartitionId partition, List<NodeId> sources) {

    public Incoming {
        Objects.requireNonNull(partition, "partition");
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("partition " + partition + " has no source to receive it from");
        }
        if (new HashSet<>(sources).size() != sources.size()) {
            throw new IllegalArgumentException("sources of " + partition + " name a node twice: " + sources);
        }
    }
}
