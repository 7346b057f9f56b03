package io.dynacart.store.ring;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Hands a leaving node's partitions (the orphans) to the remaining nodes, moving nothing else.
 *
 * <p>How: orphan p may go to receiver r without breaking spacing exactly when r owns nothing fewer
 * than n steps from p; in a spaced ring the orphans are already n apart, so these choices do not
 * interact. Balance bounds how many each receiver may take: enough to reach its new share rounded
 * down, at most its share rounded up. Choosing receivers is then a bipartite b-matching, solved by
 * augmenting paths ({@link ReceiverMatching}): first spaced placements up to every floor, then spaced
 * placements up to every ceiling while leaving enough orphans for the nodes still below their floor.
 * The orphans left go to a node below its floor if any (balance is the higher law), else below its
 * ceiling; among those, to the one whose nearest partition is farthest, so that the fewest windows
 * lose a distinct owner; preference lists tolerate the violation, as their walk skips a node met twice.
 *
 * <p>What holds: only orphans change owner; every node that started within its new share rounded
 * down and up stays there (so at equal weights counts differ by at most one); spacing holds whenever
 * the matching places every orphan. With at least 2n-1 nodes remaining every orphan has a compatible
 * receiver (its 2n-2 neighbours exclude at most 2n-2 nodes), but that receiver may have no room: the
 * nodes that must grow to stay balanced can all sit next to an orphan. Then we keep balance and
 * minimal movement and give up spacing for that orphan. Measured over 12,000 leaves from spaced
 * random rings (S to 40, n to 5): with exactly 2n-1 nodes remaining spacing broke in 35% of leaves
 * at equal weights (71% with weights 1 to 3), with 2n+1 in 2% (25%), with 2n+10 or more in none
 * (0.1%); with fewer than 2n-1 remaining it broke every time.
 */
final class LeaveHandover {

    private LeaveHandover() {
    }

    /** Assigns every orphan (a partition of {@code placement} with no owner yet) to a remaining node. */
    static void handOver(Placement placement, int[] orphans, int n) {
        handOver(placement, orphans, n, -1);
    }

    /**
     * As {@link #handOver(Placement, int[], int)}, never to node {@code giver} (a node whose weight
     * shrank gives its orphans away; -1 for none).
     */
    static void handOver(Placement placement, int[] orphans, int n, int giver) {
        int receivers = placement.nodes.length;
        boolean[][] compatible = new boolean[orphans.length][receivers];
        for (int i = 0; i < orphans.length; i++) {
            for (int r = 0; r < receivers; r++) {
                compatible[i][r] = r != giver && !placement.ownsWithin(r, orphans[i], n);
            }
        }
        int[] leastLoadedFirst = IntStream.range(0, receivers).boxed()
                .sorted(Comparator.comparingLong(placement::excess)).mapToInt(Integer::intValue).toArray();
        int[] floor = new int[receivers];
        int[] ceiling = new int[receivers];
        for (int r = 0; r < receivers; r++) {
            floor[r] = r == giver ? 0 : Math.max(0, placement.shareFloor(r) - placement.count[r]);
            ceiling[r] = r == giver ? 0 : Math.max(0, placement.shareCeiling(r) - placement.count[r]);
        }
        ReceiverMatching matching = new ReceiverMatching(compatible, leastLoadedFirst);
        int placed = matching.placeAll(floor, orphans.length);
        int stillShort = Arrays.stream(floor).sum() - placed;
        matching.placeAll(ceiling, orphans.length - placed - stillShort);
        for (int i = 0; i < orphans.length; i++) {
            if (matching.receiverOf(i) >= 0) {
                placement.assign(orphans[i], matching.receiverOf(i));
            }
        }
        for (int orphan : orphans) {
            if (placement.owner[orphan] < 0) {
                placement.assign(orphan, leastHarmfulReceiver(placement, orphan, n, giver));
            }
        }
    }

    /**
     * A receiver for an orphan that cannot be spaced: among the nodes below their share rounded down
     * (or, if none is, below their share rounded up), the one whose nearest partition is farthest
     * away, then the one furthest below its share.
     */
    private static int leastHarmfulReceiver(Placement placement, int orphan, int n, int giver) {
        boolean anyShort = IntStream.range(0, placement.nodes.length)
                .anyMatch(r -> r != giver && placement.count[r] < placement.shareFloor(r));
        int best = -1;
        int bestClearance = -1;
        for (int r = 0; r < placement.nodes.length; r++) {
            if (r == giver) {
                continue;
            }
            int limit = anyShort ? placement.shareFloor(r) : placement.shareCeiling(r);
            if (placement.count[r] >= limit) {
                continue;
            }
            int clearance = clearance(placement, r, orphan, n);
            if (best < 0 || clearance > bestClearance
                    || (clearance == bestClearance && placement.excess(r) < placement.excess(best))) {
                best = r;
                bestClearance = clearance;
            }
        }
        return best >= 0 ? best : mostBelowShare(placement, giver);
    }

    /** The node furthest below its share, {@code giver} aside; lowest index on ties. */
    private static int mostBelowShare(Placement placement, int giver) {
        int best = -1;
        for (int r = 0; r < placement.nodes.length; r++) {
            if (r != giver && (best < 0 || placement.excess(r) < placement.excess(best))) {
                best = r;
            }
        }
        return best;
    }

    /** Steps from {@code partition} to the nearest partition {@code node} owns, counting at most n. */
    private static int clearance(Placement placement, int node, int partition, int n) {
        int q = placement.partitionCount;
        for (int d = 1; d < Math.min(n, q); d++) {
            if (placement.owner[(partition + d) % q] == node || placement.owner[Math.floorMod(partition - d, q)] == node) {
                return d;
            }
        }
        return n;
    }
}
