package io.dynacart.store.transport;

import io.dynacart.store.identity.NodeId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The faults {@link FaultyNetwork} applies to every message, as one immutable value so that a change
 * of faults is a single atomic swap and a failing simulation can log exactly what was in force.
 *
 * <p>Reachability: two nodes are separated when they sit in different {@code groups}, or when either
 * is {@code isolated}. A node in no group and not isolated reaches, and is reached by, every node;
 * so a partition names only the nodes it cuts apart, and a node that joins later is not cut off by
 * accident. A node always reaches itself. A node may be in at most one group.
 *
 * <p>Per message, independently: it is dropped with probability {@code dropRate}; otherwise sent,
 * and a second copy is sent with probability {@code duplicateRate}; each copy is held back by a
 * delay drawn uniformly from {@code [delayMinMillis, delayMaxMillis]}, which is what reorders them.
 *
 * @param groups         disjoint sets of nodes; traffic between two of them is dropped
 * @param isolated       nodes cut off from every other node, whatever the groups
 * @param dropRate       in [0, 1]
 * @param duplicateRate  in [0, 1]
 * @param delayMinMillis at least 0
 * @param delayMaxMillis at least {@code delayMinMillis}, at most {@value #MAX_DELAY_MILLIS}
 */
public record FaultPlan(List<Set<NodeId>> groups, Set<NodeId> isolated, double dropRate, double duplicateRate,
                        long delayMinMillis, long delayMaxMillis) {

    /** A longer hold is a lost message in all but name: use {@code dropRate} for that. */
    public static final long MAX_DELAY_MILLIS = 3_600_000;

    /** A perfect network: no partition, no loss, no duplicate, no delay. */
    public static final FaultPlan NONE = new FaultPlan(List.of(), Set.of(), 0, 0, 0, 0);

    public FaultPlan {
        groups = Objects.requireNonNull(groups, "groups").stream().map(Set::copyOf).toList();
        isolated = Set.copyOf(Objects.requireNonNull(isolated, "isolated"));
        requireDisjoint(groups);
        requireRate("drop rate", dropRate);
        requireRate("duplicate rate", duplicateRate);
        if (delayMinMillis < 0) {
            throw new IllegalArgumentException("delay minimum must be >= 0 ms, was " + delayMinMillis);
        }
        if (delayMinMillis > delayMaxMillis) {
            throw new IllegalArgumentException("delay minimum " + delayMinMillis + " ms is above the maximum "
                    + delayMaxMillis + " ms");
        }
        if (delayMaxMillis > MAX_DELAY_MILLIS) {
            throw new IllegalArgumentException("delay maximum must be <= " + MAX_DELAY_MILLIS + " ms, was "
                    + delayMaxMillis + "; use the drop rate to lose messages");
        }
    }

    private static void requireRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + rate);
        }
    }

    private static void requireDisjoint(List<Set<NodeId>> groups) {
        Map<NodeId, Set<NodeId>> groupOf = new HashMap<>();
        for (Set<NodeId> group : groups) {
            for (NodeId node : group) {
                Set<NodeId> earlier = groupOf.putIfAbsent(node, group);
                if (earlier != null) {
                    throw new IllegalArgumentException("node " + node + " is in two partition groups, "
                            + describe(earlier) + " and " + describe(group) + "; a node may be in one group at most");
                }
            }
        }
    }

    /** Whether a message between {@code a} and {@code b} (either way) is dropped by the partition. */
    public boolean separates(NodeId a, NodeId b) {
        if (a.equals(b)) {
            return false;
        }
        if (isolated.contains(a) || isolated.contains(b)) {
            return true;
        }
        int groupA = groupIndex(a);
        int groupB = groupIndex(b);
        return groupA >= 0 && groupB >= 0 && groupA != groupB;
    }

    private int groupIndex(NodeId node) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).contains(node)) {
                return i;
            }
        }
        return -1;
    }

    /** This plan with exactly {@code newGroups} as its partition, and no node isolated. */
    public FaultPlan withPartition(List<Set<NodeId>> newGroups) {
        return new FaultPlan(newGroups, Set.of(), dropRate, duplicateRate, delayMinMillis, delayMaxMillis);
    }

    /** This plan with {@code node} cut off from every other node as well. */
    public FaultPlan withIsolated(NodeId node) {
        Set<NodeId> more = new HashSet<>(isolated);
        more.add(Objects.requireNonNull(node, "node"));
        return new FaultPlan(groups, more, dropRate, duplicateRate, delayMinMillis, delayMaxMillis);
    }

    /** This plan with every node reaching every other: no group, no isolated node. */
    public FaultPlan healed() {
        return new FaultPlan(List.of(), Set.of(), dropRate, duplicateRate, delayMinMillis, delayMaxMillis);
    }

    public FaultPlan withDropRate(double rate) {
        return new FaultPlan(groups, isolated, rate, duplicateRate, delayMinMillis, delayMaxMillis);
    }

    public FaultPlan withDuplicateRate(double rate) {
        return new FaultPlan(groups, isolated, dropRate, rate, delayMinMillis, delayMaxMillis);
    }

    public FaultPlan withDelay(long minMillis, long maxMillis) {
        return new FaultPlan(groups, isolated, dropRate, duplicateRate, minMillis, maxMillis);
    }

    /** Whether the plan cuts any node off from any other. */
    public boolean partitioned() {
        return !groups.isEmpty() || !isolated.isEmpty();
    }

    /**
     * One line for a failing simulation's log, with nodes sorted so that it reads the same in every
     * run: {@code FaultPlan[partition {n1, n2} | {n3}; isolated n4; drop 30%; duplicate 5%; delay 10..50 ms]},
     * or {@code FaultPlan[perfect network]}.
     */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (!groups.isEmpty()) {
            parts.add("partition " + groups.stream().map(FaultPlan::describe).collect(Collectors.joining(" | ")));
        }
        if (!isolated.isEmpty()) {
            parts.add("isolated " + isolated.stream().sorted().map(NodeId::value).collect(Collectors.joining(", ")));
        }
        if (dropRate > 0) {
            parts.add("drop " + percent(dropRate));
        }
        if (duplicateRate > 0) {
            parts.add("duplicate " + percent(duplicateRate));
        }
        if (delayMaxMillis > 0) {
            parts.add("delay " + (delayMinMillis == delayMaxMillis ? "" : delayMinMillis + "..") + delayMaxMillis + " ms");
        }
        return "FaultPlan[" + (parts.isEmpty() ? "perfect network" : String.join("; ", parts)) + "]";
    }

    private static String describe(Set<NodeId> group) {
        return group.stream().sorted().map(NodeId::value).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String percent(double rate) {
        return new BigDecimal(Double.toString(rate)).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
