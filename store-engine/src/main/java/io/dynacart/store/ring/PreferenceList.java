package io.dynacart.store.ring;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The nodes responsible for one partition, in the order the paper's section 4.3 walks the ring:
 * starting at the partition's owner and going clockwise, each node counted once (a node met again,
 * because it owns a later partition too, is skipped). With nodes in several zones, the zones take
 * turns in that walk (see {@link Ring}): the first node met of each zone, then the second of each,
 * and so on.
 *
 * <p>What holds: {@link #primaries()} are the first {@code n} nodes of that order (all of them
 * when the ring has fewer than {@code n} nodes), the owner first, in min(n, zones) distinct zones;
 * {@link #fallbacks()} are every other node, in that order; no node appears twice in either or in
 * both. In one zone the order is the plain walk.
 *
 * <p>Only a {@link Ring} makes these, from a walk it computed once, so a lookup allocates nothing but
 * this object; the lists returned are views of the ring's walk.
 */
public final class PreferenceList {

    private final PartitionId partition;
    private final List<NodeId> walk;
    private final int primaryCount;
    private final Map<NodeId, Zone> zones;

    /**
     * {@code walk} is every node of the ring, each once, in preference order from {@code partition}'s
     * owner; {@code zones} is the ring's.
     */
    PreferenceList(PartitionId partition, List<NodeId> walk, int n, Map<NodeId, Zone> zones) {
        this.partition = partition;
        this.walk = walk;
        this.primaryCount = Math.min(n, walk.size());
        this.zones = zones;
    }

    /** The partition whose keys this list places. */
    public PartitionId partition() {
        return partition;
    }

    /** The first n nodes of the order, its owner first: n distinct nodes in as many distinct zones as there are. */
    public List<NodeId> primaries() {
        return walk.subList(0, primaryCount);
    }

    /** Every node that is not a primary, in preference order. */
    public List<NodeId> fallbacks() {
        return walk.subList(primaryCount, walk.size());
    }

    /**
     * Where a write goes when only the nodes {@code reachable} accepts can be used (the sloppy quorum):
     * for each primary in order, the primary itself when reachable, otherwise a reachable fallback not
     * used yet, standing in for it: the first in order among those whose zone the targets chosen so
     * far use least (every reachable primary counted first), so that stand-ins spread over the zones
     * as the primaries did. A primary with no such fallback left gets no replica, so the answer has at
     * most {@code n} entries, all on distinct reachable nodes. In one zone every stand-in is simply
     * the next reachable fallback.
     */
    public List<Replica> targets(Predicate<NodeId> reachable) {
        Objects.requireNonNull(reachable, "reachable");
        Replica[] chosen = new Replica[primaryCount];
        Map<Zone, Integer> zoneUse = new HashMap<>();
        for (int i = 0; i < primaryCount; i++) {
            NodeId primary = walk.get(i);
            if (reachable.test(primary)) {
                chosen[i] = new Replica.Primary(primary);
                zoneUse.merge(zones.get(primary), 1, Integer::sum);
            }
        }
        boolean[] taken = new boolean[walk.size()];
        for (int i = 0; i < primaryCount; i++) {
            if (chosen[i] == null) {
                int f = leastUsedZoneFallback(reachable, taken, zoneUse);
                if (f >= 0) {
                    taken[f] = true;
                    zoneUse.merge(zones.get(walk.get(f)), 1, Integer::sum);
                    chosen[i] = new Replica.Fallback(walk.get(f), walk.get(i));
                }
            }
        }
        return Arrays.stream(chosen).filter(Objects::nonNull).toList();
    }

    /** The index of the first reachable fallback not taken whose zone is used least; -1 for none. */
    private int leastUsedZoneFallback(Predicate<NodeId> reachable, boolean[] taken, Map<Zone, Integer> zoneUse) {
        int best = -1;
        int bestUse = Integer.MAX_VALUE;
        for (int f = primaryCount; f < walk.size() && bestUse > 0; f++) {
            NodeId candidate = walk.get(f);
            if (taken[f] || !reachable.test(candidate)) {
                continue;
            }
            int use = zoneUse.getOrDefault(zones.get(candidate), 0);
            if (use < bestUse) {
                best = f;
                bestUse = use;
            }
        }
        return best;
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
