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
 *
 * <p>One source is enough when the change replaces one primary of the partition: a write
 * acknowledged by W &gt;= 2 of them is still held by a primary that stays, and anti-entropy among the
 * new primaries brings it to the rest. When it replaces more than one (with zones, one join or leave
 * can: the walk's zone turns shift), a write may be held only by primaries that are leaving the
 * partition while the one asked missed it (it was cut off; a hint for it was handed on to them); once
 * the ring switches, nobody would read it again. So the receiver then also reads each leaving
 * primary whole ({@link Incoming#sweeps}).
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
            List<NodeId> next = target.preferenceList(p, n).primaries();
            if (next.contains(self) && !now.contains(self)) {
                List<NodeId> leaving = now.stream().filter(node -> !next.contains(node)).toList();
                out.add(new Incoming(p, now, leaving.size() > 1 ? leaving : List.of()));
            }
        }
        return out;
    }
}
