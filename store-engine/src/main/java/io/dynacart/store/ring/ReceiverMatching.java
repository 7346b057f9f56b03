package io.dynacart.store.ring;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A bipartite b-matching of items (a leaving node's partitions) to receivers (the remaining nodes),
 * where an item may only go to a receiver it is compatible with and a receiver takes at most its
 * capacity. Solved by augmenting paths, the unit-capacity max-flow: to place an item it first tries
 * a compatible receiver with room, in the caller's order of preference, and otherwise searches
 * breadth-first for a chain of already-placed items that can each move to another compatible
 * receiver, ending at one with room.
 *
 * <p>What holds: an item once placed stays placed (later augmentations may move it, never drop it),
 * and a receiver's load never exceeds the capacity in force when it was filled, nor ever decreases.
 * So calling {@link #placeAll(int[], int)} first with lower capacities and then with higher ones first
 * meets the lower ones as far as possible and then places as many more items as possible.
 */
final class ReceiverMatching {

    private final boolean[][] compatible;
    private final int[] receiverOrder;
    private final int[] receiverOf;
    private final int[] load;

    /**
     * @param compatible    {@code compatible[item][receiver]}
     * @param receiverOrder every receiver once, the preferred first
     */
    ReceiverMatching(boolean[][] compatible, int[] receiverOrder) {
        this.compatible = compatible;
        this.receiverOrder = receiverOrder.clone();
        this.receiverOf = new int[compatible.length];
        this.load = new int[receiverOrder.length];
        Arrays.fill(receiverOf, -1);
    }

    /**
     * Places items not yet placed, within {@code capacity[receiver]}, until {@code budget} more are
     * placed or no more can be; returns how many it placed.
     */
    int placeAll(int[] capacity, int budget) {
        int placed = 0;
        for (int item = 0; item < receiverOf.length && placed < budget; item++) {
            if (receiverOf[item] < 0 && (placeDirectly(item, capacity) || placeByAugmenting(item, capacity))) {
                placed++;
            }
        }
        return placed;
    }

    /** The receiver of {@code item}, or -1 when it could not be placed. */
    int receiverOf(int item) {
        return receiverOf[item];
    }

    private boolean placeDirectly(int item, int[] capacity) {
        for (int receiver : receiverOrder) {
            if (compatible[item][receiver] && load[receiver] < capacity[receiver]) {
                receiverOf[item] = receiver;
                load[receiver]++;
                return true;
            }
        }
        return false;
    }

    /** Breadth-first search over item -> compatible receiver -> the items it holds, to a receiver with room. */
    private boolean placeByAugmenting(int start, int[] capacity) {
        int[] reachedFrom = new int[load.length];
        boolean[] queued = new boolean[receiverOf.length];
        Arrays.fill(reachedFrom, -1);
        Deque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        queued[start] = true;
        while (!queue.isEmpty()) {
            int item = queue.poll();
            for (int receiver : receiverOrder) {
                if (!compatible[item][receiver] || reachedFrom[receiver] >= 0) {
                    continue;
                }
                reachedFrom[receiver] = item;
                if (load[receiver] < capacity[receiver]) {
                    shiftAlongPath(receiver, reachedFrom);
                    return true;
                }
                for (int held = 0; held < receiverOf.length; held++) {
                    if (receiverOf[held] == receiver && !queued[held]) {
                        queued[held] = true;
                        queue.add(held);
                    }
                }
            }
        }
        return false;
    }

    /** Each item on the path moves to the receiver after it; only the last receiver's load grows. */
    private void shiftAlongPath(int freeReceiver, int[] reachedFrom) {
        load[freeReceiver]++;
        int receiver = freeReceiver;
        while (true) {
            int item = reachedFrom[receiver];
            int previous = receiverOf[item];
            receiverOf[item] = receiver;
            if (previous < 0) {
                return;
            }
            receiver = previous;
        }
    }
}
