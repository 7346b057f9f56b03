package io.dynacart.store.antientropy;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Ring;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@link ReplicaPeers} from the ring in force: every partition whose first n distinct nodes include
 * this one, paired with each of the others that are reachable now. The pairs of a ring are worked
 * out once per ring version. Confined to the node's event loop.
 */
public final class RingPeers implements ReplicaPeers {

    private final NodeId self;
    private final Supplier<Ring> ring;
    private final int n;
    private final Predicate<NodeId> reachable;
    private Ring cachedFor;
    private List<PartitionPeer> all = List.of();
    private Set<PartitionPeer> shared = Set.of();

    public RingPeers(NodeId self, Supplier<Ring> ring, int n, Predicate<NodeId> reachable) {
        this.self = Objects.requireNonNull(self, "self");
        this.ring = Objects.requireNonNull(ring, "ring");
        this.n = n;
        this.reachable = Objects.requireNonNull(reachable, "reachable");
    }

    @Override
    public List<PartitionPeer> pairs() {
        refresh();
        return all.stream().filter(p -> reachable.test(p.peer())).toList();
    }

    @Override
    public boolean shares(PartitionId partition, NodeId peer) {
        refresh();
        return shared.contains(new PartitionPeer(partition, peer));
    }

    private void refresh() {
        Ring r = ring.get();
        if (r == cachedFor) {
            return;
        }
        List<PartitionPeer> pairs = new ArrayList<>();
        for (int i = 0; i < r.partitionCount(); i++) {
            PartitionId p = PartitionId.of(i);
            List<NodeId> replicas = r.preferenceList(p, n).primaries();
            if (replicas.contains(self)) {
                replicas.stream().filter(node -> !node.equals(self)).forEach(node -> pairs.add(new PartitionPeer(p, node)));
            }
        }
        all = List.copyOf(pairs);
        shared = new HashSet<>(pairs);
        cachedFor = r;
    }
}
