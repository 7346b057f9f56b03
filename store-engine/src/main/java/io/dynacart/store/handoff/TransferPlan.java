package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Ring;
import java.util.ArrayList;
import java.util.List;

/**
 * Which partitions a node must receive when the ring changes from {@code current} to {@code target}
 * (paper, section 4.9): every partition for which it is among the target's first n primaries but not
 * among the current ones, to be pulled from the current primaries, in preference-list order (the
 * first is the partition's owner, the node most likely to hold every write). Pure: the same rings
 * give the same plan on every node, so each can tell what the others must receive.
 */
public final class TransferPlan {

    private TransferPlan() {
    }

    /** What {@code self} must receive before the move from {@code current} to {@code target} completes. */
    public static List<Incoming> incoming(NodeId self, Ring current, Ring target, int n) {
        if (current.partitionCount() != target.partitionCount()) {
            throw new IllegalArgumentException("rings of " + current.partitionCount() + " and "
                    + target.partitionCount() + " partitions; transfer moves partitions, it does not split them");
        }
        List<Incoming> out = new ArrayList<>();
        for (int i = 0; i < target.partitionCount(); i++) {
            PartitionId p = PartitionId.of(i);
            List<NodeId> now = current.preferenceList(p, n).primaries();
            if (target.preferenceList(p, n).primaries().contains(self) && !now.contains(self)) {
                out.add(new Incoming(p, now));
            }
        }
        return out;
    }
}
