package io.dynacart.store.membership;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Ring;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A ring change in progress (paper, section 4.9): the ring nodes move to once every node that gains a
 * partition holds its data. {@code done} names the transfers finished so far; it only grows, and gossip
 * merges two copies of one transition by union, so a transfer marked done at any node is done
 * everywhere. When {@code done} covers {@link #required} the transition is complete and every view
 * replaces its ring with {@code target} (see {@link MembershipView}).
 *
 * <p>What must hold: every done transfer names a partition of {@code target}.
 */
public record RingTransition(Ring target, Set<TransferKey> done) {

    public RingTransition {
        Objects.requireNonNull(target, "target");
        SortedSet<TransferKey> sorted = new TreeSet<>(done);
        for (TransferKey key : sorted) {
            if (key.partition().index() >= target.partitionCount()) {
                throw new IllegalArgumentException("done transfer " + key + " names a partition outside the "
                        + target.partitionCount() + " of the target ring");
            }
        }
        done = Collections.unmodifiableSortedSet(sorted);
    }

    /** A transition to {@code target} with nothing transferred yet. */
    public static RingTransition to(Ring target) {
        return new RingTransition(target, Set.of());
    }

    /**
     * The transfers moving from {@code current} to {@code target} needs: for each partition, each of
     * its first {@code n} nodes in {@code target} that is not among its first {@code n} in {@code current}
     * must receive the partition's data.
     */
    public static SortedSet<TransferKey> required(Ring current, Ring target, int n) {
        if (current.partitionCount() != target.partitionCount()) {
            throw new IllegalArgumentException("rings of " + current.partitionCount() + " and "
                    + target.partitionCount() + " partitions; the partition count never changes");
        }
        SortedSet<TransferKey> required = new TreeSet<>();
        for (int p = 0; p < target.partitionCount(); p++) {
            PartitionId partition = PartitionId.of(p);
            List<NodeId> before = current.preferenceList(partition, n).primaries();
            for (NodeId node : target.preferenceList(partition, n).primaries()) {
                if (!before.contains(node)) {
                    required.add(new TransferKey(node, partition));
                }
            }
        }
        return Collections.unmodifiableSortedSet(required);
    }

    /** This transition with {@code transfer} done too. */
    public RingTransition markDone(TransferKey transfer) {
        Set<TransferKey> more = new TreeSet<>(done);
        more.add(transfer);
        return new RingTransition(target, more);
    }

    /** Whether every transfer from {@code current} to the target is done. */
    public boolean isCompleteFrom(Ring current, int n) {
        return done.containsAll(required(current, target, n));
    }

    /**
     * The transition gossip keeps of two: one target's copies unite their done transfers; of two
     * targets, the later by {@link RingOrder} wins whole.
     */
    static RingTransition merge(RingTransition a, RingTransition b) {
        if (a.target.equals(b.target)) {
            Set<TransferKey> union = new TreeSet<>(a.done);
            union.addAll(b.done);
            return new RingTransition(a.target, union);
        }
        return RingOrder.later(a.target, b.target) == a.target ? a : b;
    }
}
