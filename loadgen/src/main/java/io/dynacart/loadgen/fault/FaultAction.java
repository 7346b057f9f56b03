package io.dynacart.loadgen.fault;

import io.dynacart.store.identity.NodeId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** One change a fault schedule makes to the cluster; its text form is what the schedule's syntax reads. */
public sealed interface FaultAction {

    /** The action as written in a schedule, e.g. {@code stop n3}. */
    String text();

    /** Stops a node; its data stays. */
    record Stop(NodeId node) implements FaultAction {
        public Stop {
            Objects.requireNonNull(node, "node");
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
        public String text() {
            return "leave " + node;
        }
    }
}
