package io.dynacart.store.ring;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The nodes responsible for one partition, in the order the paper's section 4.3 walks the ring:
 * starting at the partition's owner and going clockwise, each node counted once (a node met again,
 * because it owns a later partition too, is skipped).
 *
 * <p>What holds: {@link #primaries()} are the first {@code n} distinct nodes of that walk (all of them
 * when the ring has fewer than {@code n} nodes), the owner first; {@link #fallbacks()} are every
 * other node, in walk order; no node appears twice in either or in both.
 *
 * <p>Only a {@link Ring} makes these, from a walk it computed once, so a lookup allocates nothing but
 * this object; the lists returned are views of the ring's walk.
 */
public final class PreferenceList {

    private final PartitionId partition;
    private final List<NodeId> walk;
    private final int primaryCount;

    /** {@code walk} is every node of the ring, each once, clockwise from {@code partition}'s owner. */
    PreferenceList(PartitionId partition, List<NodeId> walk, int n) {
        this.partition = partition;
        this.walk = walk;
        this.primaryCount = Math.min(n, walk.size());
    }

    /** The partition whose keys this list places. */
    public PartitionId partition() {
        return partition;
    }

    /** The first n distinct nodes clockwise from the partition, its owner first. */
    public List<NodeId> primaries() {
        return walk.subList(0, primaryCount);
    }

    /** Every node that is not a primary, in the order the walk meets it. */
    public List<NodeId> fallbacks() {
        return walk.subList(primaryCount, walk.size());
    }

    /**
     * Where a write goes when only the nodes {@code reachable} accepts can be used (the sloppy quorum):
     * for each primary in order, the primary itself when reachable, otherwise the next reachable
     * fallback not used yet, standing in for it. A primary with no such fallback left gets no replica,
     * so the answer has at most {@code n} entries, all on distinct reachable nodes.
     */
    public List<Replica> targets(Predicate<NodeId> reachable) {
        Objects.requireNonNull(reachable, "reachable");
        List<Replica> targets = new ArrayList<>(primaryCount);
        int nextFallback = primaryCount;
        for (int i = 0; i < primaryCount; i++) {
            NodeId primary = walk.get(i);
            if (reachable.test(primary)) {
                targets.add(new Replica.Primary(primary));
                continue;
            }
            while (nextFallback < walk.size() && !reachable.test(walk.get(nextFallback))) {
                nextFallback++;
            }
            if (nextFallback < walk.size()) {
                targets.add(new Replica.Fallback(walk.get(nextFallback), primary));
                nextFallback++;
            }
        }
        return Collections.unmodifiableList(targets);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreferenceList that
                && partition.equals(that.partition)
                && primaryCount == that.primaryCount
                && walk.equals(that.walk);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partition, walk, primaryCount);
    }

    @Override
    public String toString() {
        return partition + " primaries=" + primaries() + " fallbacks=" + fallbacks();
    }
}
