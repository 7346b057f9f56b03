package io.dynacart.store.cluster;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One change a fault schedule makes to a {@link Cluster}: the one vocabulary of the load generator's
 * {@code --faults}, the simulator's planner and the demo's control API. Its text form is what the
 * schedule's syntax ({@link FaultSchedule}) reads; {@link Cluster#apply} carries it out.
 */
public sealed interface FaultAction {

    /** The action as written in a schedule, e.g. {@code stop n3}. */
    String text();

    /** The nodes the action names, which must be members when it runs (a join's new node aside). */
    default List<NodeId> nodes() {
        return List.of();
    }

    /** Stops a node; its data stays. */
    record Stop(NodeId node) implements FaultAction {
        public Stop {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public List<NodeId> nodes() {
            return List.of(node);
        }

        @Override
        public String text() {
            return "stop " + node;
        }
    }

    /** Starts a stopped node on its data. */
    record Restart(NodeId node) implements FaultAction {
        public Restart {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public List<NodeId> nodes() {
            return List.of(node);
        }

        @Override
        public String text() {
            return "restart " + node;
        }
    }

    /** Stops a node, deletes its data, starts it empty. */
    record Wipe(NodeId node) implements FaultAction {
        public Wipe {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public List<NodeId> nodes() {
            return List.of(node);
        }

        @Override
        public String text() {
            return "wipe " + node;
        }
    }

    /** Cuts the network into groups that cannot reach each other. */
    record Partition(List<Set<NodeId>> groups) implements FaultAction {
        public Partition {
            if (groups.size() < 2) {
                throw new IllegalArgumentException("a partition needs at least two groups, got " + groups.size());
            }
            groups = groups.stream().map(g -> Set.copyOf(new LinkedHashSet<>(g))).toList();
        }

        @Override
        public List<NodeId> nodes() {
            return groups.stream().flatMap(Set::stream).toList();
        }

        @Override
        public String text() {
            return "partition " + groups.stream()
                    .map(g -> g.stream().map(NodeId::value).sorted().collect(Collectors.joining(",")))
                    .collect(Collectors.joining("|"));
        }
    }

    /** Removes every partition. */
    record Heal() implements FaultAction {
        @Override
        public String text() {
            return "heal";
        }
    }

    /** Starts a new node and proposes its join. */
    record Join(NodeId node) implements FaultAction {
        public Join {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public String text() {
            return "join " + node;
        }
    }

    /** Moves a node's partitions away and stops it. */
    record Leave(NodeId node) implements FaultAction {
        public Leave {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public List<NodeId> nodes() {
            return List.of(node);
        }

        @Override
        public String text() {
            return "leave " + node;
        }
    }

    /**
     * Makes every link lossy: each message is dropped with probability {@code drop}, sent twice with
     * probability {@code duplicate} and held back up to {@code delayMaxMillis}. Partitions stay.
     */
    record LossyLinks(double drop, double duplicate, long delayMaxMillis) implements FaultAction {
        public LossyLinks {
            if (!(drop >= 0 && drop <= 1) || !(duplicate >= 0 && duplicate <= 1) || delayMaxMillis < 0) {
                throw new IllegalArgumentException("drop and duplicate are rates in [0, 1] and the delay is >= 0; were "
                        + drop + ", " + duplicate + ", " + delayMaxMillis);
            }
        }

        @Override
        public String text() {
            return String.format(Locale.ROOT, "lossy drop %s duplicate %s delay %dms", rate(drop), rate(duplicate),
                    delayMaxMillis);
        }

        /** A rate as short as it reads back exactly. */
        private static String rate(double r) {
            return BigDecimal.valueOf(r).stripTrailingZeros().toPlainString();
        }
    }

    /** Ends lost, duplicated and delayed messages; partitions stay. */
    record CleanLinks() implements FaultAction {
        @Override
        public String text() {
            return "clean";
        }
    }

    /**
     * Cuts the N primaries of {@code key} (in the ring when the action runs, N from the cluster's
     * quorum) off from every other member: a client on the other side writes through fallbacks alone.
     */
    record CutOffReplicas(Key key) implements FaultAction {
        public CutOffReplicas {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String text() {
            return "cut-replicas " + key;
        }
    }

    /**
     * Cuts every node the ring places in {@code zone} off from every other member, as when a data
     * centre loses its links: the rest must go on serving every key from its replicas in the other
     * zones. A {@link Heal} ends it.
     */
    record CutZone(Zone zone) implements FaultAction {
        public CutZone {
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public String text() {
            return "cut-zone " + zone;
        }
    }
}
