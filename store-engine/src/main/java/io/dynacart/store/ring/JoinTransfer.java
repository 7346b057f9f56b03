package io.dynacart.store.ring;

import java.util.Arrays;

/**
 * Chooses the partitions a joining node takes, one at a time, each from a node above its new share.
 *
 * <p>How many: its share of Q under the new total weight, rounded (at least one); one more, up to
 * its share plus one, if fewer would leave an old node more than one above its new share.
 *
 * <p>From whom: each take comes from the node currently most above its new share or, while balance
 * leaves room, from another node at or above its share and within one partition of that one (at
 * equal weights: any node with the most partitions). A donor always keeps one partition.
 *
 * <p>Which: the new node's partitions must be at least n apart, and the more evenly spread the
 * better. Two greedy shapes are tried, each from eight starting points round the ring: an even sweep (the k-th take
 * is the eligible partition nearest to {@code start + k * Q / t} that keeps n away from those taken)
 * and farthest-first (each take is the eligible partition farthest from those taken). After each, a
 * repair pass gives back any partition still closer than n to another and takes instead the
 * best-spaced one that the same donor, or another donor with room within its rounded share, may
 * give. The first result with all partitions n apart is kept, else the one with fewest too close.
 * The even sweep suits tight rings, farthest-first the rings whose donors cluster; together they
 * reached spacing in all of 150,000 random joins (S to 40, weights 1 to 3, n to 5) where the new
 * node's t partitions at spacing n fill less than 89% of the ring (t * n < 0.89 Q). Beyond that,
 * taking only from balanced donors can make it impossible: a node of weight 2 joining two of weight
 * 1 at n=2 must own every other partition, which is all of one old node's.
 *
 * <p>What holds: only partitions the new node takes change owner; nodes within one partition of
 * their share stay so, unless the new node cannot absorb enough (rare, weighted only; see {@link
 * Claim}). Spacing only needs checking for the new node: replacing an owner in a window of n
 * distinct owners by a node not otherwise in that window keeps it distinct.
 *
 * <p>Cost: O(t * Q) per attempt for t partitions taken, a few milliseconds at Q=1024 (one attempt
 * usually suffices); when spacing is infeasible (t * n > Q), one even sweep and no repair.
 */
final class JoinTransfer {

    private static final int MAX_REPAIR_SWEEPS = 4;

    /** Layouts tried before keeping the best: both greedy shapes from eight starting points. */
    private static final int ATTEMPTS = 16;

    private JoinTransfer() {
    }

    /**
     * Moves to {@code newNode} the partitions it takes from the others: a joining node, which owns
     * nothing yet, or a node whose weight grew, which keeps what it owns and takes the difference up
     * to its new share (spaced from what it owns, and only the partitions it takes move).
     */
    static void transfer(Placement placement, int newNode, int n) {
        int target = targetCount(placement, newNode);
        int[] before = placement.owner.clone();
        boolean feasible = (long) target * n <= placement.partitionCount;
        int[] best = null;
        int fewest = Integer.MAX_VALUE;
        for (int attempt = 0; attempt < (feasible ? ATTEMPTS : 1) && fewest > 0; attempt++) {
            placement.restore(before);
            int start = attempt / 2 * placement.partitionCount / (ATTEMPTS / 2);
            if (attempt % 2 == 0) {
                takeEvenlySpaced(placement, newNode, target, start, n);
            } else {
                takeFarthestFirst(placement, newNode, target, start);
            }
            if (feasible) {
                repairSpacing(placement, newNode, before, n);
            }
            int tooClose = tooClose(placement, newNode, n);
            if (tooClose < fewest) {
                fewest = tooClose;
                best = placement.owner.clone();
            }
        }
        placement.restore(best);
    }

    /** Takes {@code target} partitions, each the eligible one farthest from those already taken. */
    private static void takeFarthestFirst(Placement placement, int newNode, int target, int start) {
        int q = placement.partitionCount;
        int[] gap = distanceToNearest(placement, newNode);
        for (int taken = placement.count[newNode]; taken < target; taken++) {
            int p = choose(placement, newNode, gap, target - taken, start);
            placement.assign(p, newNode);
            for (int other = 0; other < q; other++) {
                gap[other] = Math.min(gap[other], placement.circularDistance(other, p));
            }
        }
    }

    /**
     * Sweeps clockwise from {@code start}, taking for the k-th partition the one nearest to the ideal
     * point {@code start + k * Q / target} whose donor is eligible and that is at least n from every
     * partition taken so far (or, if none is, the nearest eligible one).
     */
    private static void takeEvenlySpaced(Placement placement, int newNode, int target, int start, int n) {
        int q = placement.partitionCount;
        int[] gap = distanceToNearest(placement, newNode);
        for (int taken = placement.count[newNode]; taken < target; taken++) {
            int ideal = (int) ((start + (long) taken * q / target) % q);
            boolean[] eligible = eligibleDonors(placement, newNode, target - taken);
            int p = nearestEligible(placement, eligible, gap, ideal, n);
            if (p < 0) {
                p = nearestEligible(placement, eligible, gap, ideal, 0);
            }
            placement.assign(p, newNode);
            for (int other = 0; other < q; other++) {
                gap[other] = Math.min(gap[other], placement.circularDistance(other, p));
            }
        }
    }

    private static int nearestEligible(Placement placement, boolean[] eligible, int[] gap, int ideal, int n) {
        int q = placement.partitionCount;
        for (int d = 0; d < q; d++) {
            int p = Math.floorMod(ideal + (d % 2 == 0 ? d / 2 : -(d / 2 + 1)), q);
            int owner = placement.owner[p];
            if (owner >= 0 && eligible[owner] && gap[p] >= n) {
                return p;
            }
        }
        return -1;
    }

    /** How many of the new node's partitions have another of its partitions fewer than n steps away. */
    private static int tooClose(Placement placement, int newNode, int n) {
        int count = 0;
        for (int p = 0; p < placement.partitionCount; p++) {
            if (placement.owner[p] == newNode && placement.ownsWithin(newNode, p, n)) {
                count++;
            }
        }
        return count;
    }

    /**
     * The rounded share, raised (up to share + 1) if old nodes would otherwise stay over share + 1;
     * never fewer than the node owns already.
     */
    private static int targetCount(Placement placement, int newNode) {
        int target = Math.max(Math.max(1, placement.count[newNode]), placement.roundedShare(newNode));
        int mustTake = placement.count[newNode] + mustGive(placement, newNode);
        if (mustTake > target) {
            target = Math.max(target, Math.min(mustTake, placement.upperBound(newNode)));
        }
        int spare = placement.partitionCount - (placement.nodes.length - 1);
        return Math.min(target, spare);
    }

    /** How many partitions old nodes must still give so that none ends more than one above its share. */
    private static int mustGive(Placement placement, int newNode) {
        long w = placement.totalWeight;
        int must = 0;
        for (int i = 0; i < placement.nodes.length; i++) {
            long over = placement.excess(i) - w;
            if (i != newNode && over > 0) {
                must += (int) ((over + w - 1) / w);
            }
        }
        return must;
    }

    /**
     * The next partition to take: from an eligible donor, farthest from those taken, then from the
     * richest donor, then first clockwise from {@code start}.
     */
    private static int choose(Placement placement, int newNode, int[] gap, int takesLeft, int start) {
        boolean[] eligible = eligibleDonors(placement, newNode, takesLeft);
        int q = placement.partitionCount;
        int best = -1;
        for (int step = 0; step < q; step++) {
            int p = (start + step) % q;
            int donor = placement.owner[p];
            if (!eligible[donor]) {
                continue;
            }
            if (best < 0 || gap[p] > gap[best]
                    || (gap[p] == gap[best] && placement.excess(donor) > placement.excess(placement.owner[best]))) {
                best = p;
            }
        }
        return best;
    }

    /**
     * The node most above its share, every node that must give (over share + 1), and, while there
     * are more takes left than must-gives, any node at or above its share and within one partition
     * of the most-above node. A donor always keeps one partition.
     */
    private static boolean[] eligibleDonors(Placement placement, int newNode, int takesLeft) {
        long w = placement.totalWeight;
        long most = Long.MIN_VALUE;
        for (int i = 0; i < placement.nodes.length; i++) {
            if (i != newNode && placement.count[i] >= 2) {
                most = Math.max(most, placement.excess(i));
            }
        }
        boolean slack = takesLeft > mustGive(placement, newNode);
        boolean[] eligible = new boolean[placement.nodes.length];
        for (int i = 0; i < placement.nodes.length; i++) {
            long excess = placement.excess(i);
            boolean nearMost = slack && excess >= 0 && excess > most - w;
            eligible[i] = i != newNode && placement.count[i] >= 2 && (excess == most || excess > w || nearMost);
        }
        return eligible;
    }

    /**
     * Gives back each too-close partition of the new node and takes instead the best-spaced
     * partition whose donor may give it: the same donor, or another donor as long as both stay within
     * their share rounded down and up. Counts stay balanced; only taken partitions differ.
     */
    private static void repairSpacing(Placement placement, int newNode, int[] originalOwner, int n) {
        for (int sweep = 0; sweep < MAX_REPAIR_SWEEPS; sweep++) {
            boolean improved = false;
            for (int p = 0; p < placement.partitionCount; p++) {
                if (placement.owner[p] == newNode && originalOwner[p] != newNode && placement.ownsWithin(newNode, p, n)) {
                    improved |= retake(placement, newNode, originalOwner, p, n);
                }
            }
            if (!improved) {
                return;
            }
        }
    }

    private static boolean retake(Placement placement, int newNode, int[] originalOwner, int p, int n) {
        int giver = originalOwner[p];
        placement.assign(p, giver);
        int[] clearance = distanceToNearest(placement, newNode);
        int best = -1;
        for (int candidate = 0; candidate < placement.partitionCount; candidate++) {
            int donor = placement.owner[candidate];
            boolean mayGive = donor == giver || (donor != newNode
                    && placement.count[giver] <= placement.shareCeiling(giver)
                    && placement.count[donor] > Math.max(1, placement.shareFloor(donor)));
            if (mayGive && clearance[candidate] >= n && (best < 0 || clearance[candidate] > clearance[best])) {
                best = candidate;
            }
        }
        placement.assign(best >= 0 ? best : p, newNode);
        return best >= 0;
    }

    /** For every partition, the steps to the nearest partition {@code node} owns (Q if it owns none). */
    private static int[] distanceToNearest(Placement placement, int node) {
        int q = placement.partitionCount;
        int[] distance = new int[q];
        Arrays.fill(distance, q);
        for (int pass = 0; pass < 2; pass++) {
            int since = q;
            for (int i = 0; i < 2 * q; i++) {
                int p = pass == 0 ? i % q : (2 * q - 1 - i) % q;
                since = placement.owner[p] == node ? 0 : Math.min(q, since + 1);
                distance[p] = Math.min(distance[p], since);
            }
        }
        return distance;
    }
}
