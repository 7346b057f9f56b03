package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A partition this node must receive before it owns it, and the nodes that hold it now, in the order
 * to ask them (paper, section 4.9: the current primaries of the partition).
 *
 * @param sweeps sources to read whole as well, each after the first pass, when they stop being
 *               primaries of the partition (see {@link TransferPlan}); a subset of {@code sources}
 */
public record Incoming(PartitionId partition, List<NodeId> sources, List<NodeId> sweeps) {

    /** A partition read from the first of {@code sources} that serves it, and no other. */
    public Incoming(PartitionId partition, List<NodeId> sources) {
        this(partition, sources, List.of());
    }

    public Incoming {
        Objects.requireNonNull(partition, "partition");
        sources = List.copyOf(sources);
        sweeps = List.copyOf(sweeps);
        if (!sources.containsAll(sweeps)) {
            throw new IllegalArgumentException("sweeps " + sweeps + " of " + partition + " are not all among its sources "
                    + sources);
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("partition " + partition + " has no source to receive it from");
        }
        if (new HashSet<>(sources).size() != sources.size()) {
            throw new IllegalArgumentException("sources of " + partition + " name a node twice: " + sources);
        }
    }
}
