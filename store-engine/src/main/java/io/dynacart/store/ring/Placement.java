package io.dynacart.store.ring;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable working copy {@link Claim} edits before it freezes the result into a {@link Ring}:
 * owners as node indices, per-node counts and weights, and the arithmetic of shares and spacing.
 *
 * <p>Shares are kept exact: a node's excess is {@code count * W - Q * weight} (its distance from its
 * share, scaled by the total weight W), so "within one partition of its share" is {@code |excess| <= W}
 * with no rounding.
 */
final class Placement {

    final int partitionCount;
    final NodeId[] nodes;
    final int[] weights;
    final long totalWeight;
    final int[] owner;
    final int[] count;
    /** Each node's zone, carried unchanged into the ring. */
    private final Map<NodeId, Zone> zones;
    /** Each node's zone as an index (zones numbered in sorted order), and how many zones there are. */
    final int[] zone;
    final int zoneCount;
    private final int[] seenInWindow;
    private int stamp;

    /**
     * Nodes and weights from {@code weightByNode} (indexed in sorted order), their zones from {@code
     * zones}; owners from {@code owners}, or none yet.
     */
    Placement(Map<NodeId, Integer> weightByNode, Map<NodeId, Zone> zones, List<NodeId> owners, int partitionCount) {
        Map<NodeId, Integer> sorted = new TreeMap<>(weightByNode);
        this.zones = new TreeMap<>(zones);
        this.partitionCount = partitionCount;
        this.nodes = sorted.keySet().toArray(new NodeId[0]);
        this.weights = sorted.values().stream().mapToInt(Integer::intValue).toArray();
        this.totalWeight = Arrays.stream(weights).asLongStream().sum();
        this.zone = new int[nodes.length];
        List<Zone> distinct = this.zones.values().stream().distinct().sorted().toList();
        for (int i = 0; i < nodes.length; i++) {
            zone[i] = distinct.indexOf(this.zones.get(nodes[i]));
        }
        this.zoneCount = Math.max(1, distinct.size());
        this.owner = new int[partitionCount];
        this.count = new int[nodes.length];
        this.seenInWindow = new int[nodes.length];
        Arrays.fill(owner, -1);
        if (owners != null) {
            for (int p = 0; p < partitionCount; p++) {
                assign(p, indexOf(owners.get(p)));
            }
        }
    }

    int indexOf(NodeId node) {
        int index = Arrays.binarySearch(nodes, node);
        if (index < 0) {
            throw new IllegalStateException("node " + node + " has no weight");
        }
        return index;
    }

    void assign(int partition, int node) {
        if (owner[partition] >= 0) {
            count[owner[partition]]--;
        }
        owner[partition] = node;
        count[node]++;
    }

    /** Leaves {@code partition} without an owner, for another node to take. */
    void unassign(int partition) {
        if (owner[partition] >= 0) {
            count[owner[partition]]--;
            owner[partition] = -1;
        }
    }

    /** Sets every owner back to {@code owners} (node indices, one per partition). */
    void restore(int[] owners) {
        for (int p = 0; p < partitionCount; p++) {
            assign(p, owners[p]);
        }
    }

    /** {@code count * W - Q * weight}: how far the node is above its share, in units of 1/W partition. */
    long excess(int node) {
        return count[node] * totalWeight - (long) partitionCount * weights[node];
    }

    /** The most partitions the node may own while staying within one of its share: floor(share + 1). */
    int upperBound(int node) {
        return (int) (((long) partitionCount * weights[node] + totalWeight) / totalWeight);
    }

    /** The node's share rounded down. */
    int shareFloor(int node) {
        return (int) ((long) partitionCount * weights[node] / totalWeight);
    }

    /** The node's share rounded up. */
    int shareCeiling(int node) {
        return (int) (((long) partitionCount * weights[node] + totalWeight - 1) / totalWeight);
    }

    /** The node's share rounded half up: Q * weight / W + 1/2, truncated. */
    int roundedShare(int node) {
        return (int) ((2L * partitionCount * weights[node] + totalWeight) / (2 * totalWeight));
    }

    /** Whether {@code node} owns a partition other than {@code p} fewer than {@code n} steps from it, either way. */
    boolean ownsWithin(int node, int p, int n) {
        int reach = Math.min(n - 1, partitionCount - 1);
        for (int d = 1; d <= reach; d++) {
            if (owner[(p + d) % partitionCount] == node || owner[Math.floorMod(p - d, partitionCount)] == node) {
                return true;
            }
        }
        return false;
    }

    /** How many other partitions fewer than {@code n} steps from {@code p}, either way, have p's owner. */
    int conflictsAt(int p, int n) {
        int reach = Math.min(n - 1, partitionCount - 1);
        int conflicts = 0;
        for (int d = 1; d <= reach; d++) {
            conflicts += owner[(p + d) % partitionCount] == owner[p] ? 1 : 0;
            conflicts += owner[Math.floorMod(p - d, partitionCount)] == owner[p] ? 1 : 0;
        }
        return conflicts;
    }

    /** How many windows p..p+n-1 (mod Q) lack n distinct owners; as {@link Ring#spacingViolations(int)}. */
    int spacingViolations(int n) {
        return spacingViolations(owner, nodes.length, n);
    }

    /** As {@link #spacingViolations(int)}, for owners given as indices below {@code nodeCount}. */
    static int spacingViolations(int[] owner, int nodeCount, int n) {
        int q = owner.length;
        int[] toNextSame = new int[q];
        int[] seenAt = new int[nodeCount];
        Arrays.fill(seenAt, -1);
        for (int i = 2 * q - 1; i >= 0; i--) {
            int node = owner[i % q];
            if (i < q) {
                toNextSame[i] = seenAt[node] < 0 ? q : seenAt[node] - i;
            }
            seenAt[node] = i;
        }
        int violations = 0;
        for (int p = 0; p < q; p++) {
            for (int k = 0; k < n; k++) {
                if (toNextSame[(p + k) % q] < n - k) {
                    violations++;
                    break;
                }
            }
        }
        return violations;
    }

    /** How many windows of n partitions that contain {@code a} or {@code b} lack n distinct owners. */
    int violationsTouching(int a, int b, int n) {
        int q = partitionCount;
        int span = Math.min(n, q);
        int violations = 0;
        for (int k = 0; k < span; k++) {
            violations += windowIsDistinct(Math.floorMod(a - k, q), n) ? 0 : 1;
        }
        for (int k = 0; k < span; k++) {
            int start = Math.floorMod(b - k, q);
            boolean countedWithA = Math.floorMod(a - start, q) < span;
            violations += countedWithA || windowIsDistinct(start, n) ? 0 : 1;
        }
        return violations;
    }

    private boolean windowIsDistinct(int start, int n) {
        stamp++;
        for (int i = 0; i < n; i++) {
            int node = owner[(start + i) % partitionCount];
            if (seenInWindow[node] == stamp) {
                return false;
            }
            seenInWindow[node] = stamp;
        }
        return true;
    }

    /** Steps from {@code a} to {@code b} the shorter way round. */
    int circularDistance(int a, int b) {
        int d = Math.abs(a - b);
        return Math.min(d, partitionCount - d);
    }

    /** The ring these owners make; every node with a weight must own a partition by now. */
    Ring toRing(long version) {
        List<NodeId> owners = new ArrayList<>(partitionCount);
        Map<NodeId, Integer> weightByNode = new TreeMap<>();
        for (int p = 0; p < partitionCount; p++) {
            owners.add(nodes[owner[p]]);
        }
        for (int i = 0; i < nodes.length; i++) {
            weightByNode.put(nodes[i], weights[i]);
        }
        return new Ring(version, owners, weightByNode, zones);
    }
}
