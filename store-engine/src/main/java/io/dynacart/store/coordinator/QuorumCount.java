package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The arithmetic both tallies share: which nodes were asked, which answered, which will not, how many
 * stand-ins are left to ask, and the decision. SUCCEEDED once {@code required} distinct asked nodes
 * whose answers count ({@link AnswersNeeded#counts}: every node, or for a local quorum those of one
 * zone) answered; FAILED once the counted nodes that may still answer, with the counted stand-ins
 * not asked yet, are too few. Answers from nodes not asked, and repeated answers, count nothing; an
 * answer from a node that does not count is kept (it is no longer missing) but adds nothing. Pure;
 * no waiting.
 */
final class QuorumCount {

    private final int required;
    private final Predicate<NodeId> counts;
    private final Set<NodeId> asked;
    private final Set<NodeId> answered = new LinkedHashSet<>();
    private final Set<NodeId> failed = new LinkedHashSet<>();
    private int spares;
    private Decision decision = Decision.PENDING;

    /** Every node's answer counts; {@code spares}: stand-ins left to ask. */
    QuorumCount(String what, int required, Collection<NodeId> asked, int spares) {
        this(what, required, node -> true, asked, spares);
    }

    /** Only the answers of nodes {@code counts} accepts count; {@code spares}: such stand-ins left to ask. */
    QuorumCount(String what, int required, Predicate<NodeId> counts, Collection<NodeId> asked, int spares) {
        if (required < 1) {
            throw new IllegalArgumentException("a " + what + " needs at least 1 answer, was " + required);
        }
        if (spares < 0) {
            throw new IllegalArgumentException("spares must be >= 0, was " + spares);
        }
        this.required = required;
        this.counts = counts;
        this.asked = new LinkedHashSet<>(asked);
        this.spares = spares;
        decide();
    }

    /** A stand-in is asked: it may now answer, and, if its answer counts, one spare fewer is left. */
    Decision ask(NodeId node) {
        if (asked.add(node) && counts.test(node)) {
            spares = Math.max(0, spares - 1);
        }
        return decide();
    }

    /** Whether {@code node} was asked and its answer would be new. */
    boolean accepts(NodeId node) {
        return asked.contains(node) && !failed.contains(node) && !answered.contains(node);
    }

    Decision answer(NodeId node) {
        if (accepts(node)) {
            answered.add(node);
        }
        return decide();
    }

    /** {@code node} will not answer (it cannot be reached). An answer already counted stands. */
    Decision fail(NodeId node) {
        if (asked.contains(node) && !answered.contains(node)) {
            failed.add(node);
        }
        return decide();
    }

    private Decision decide() {
        if (decision == Decision.PENDING) {
            if (answers() >= required) {
                decision = Decision.SUCCEEDED;
            } else if (countedIn(asked) - countedIn(failed) + spares < required) {
                decision = Decision.FAILED;
            }
        }
        return decision;
    }

    private int countedIn(Set<NodeId> nodes) {
        int n = 0;
        for (NodeId node : nodes) {
            n += counts.test(node) ? 1 : 0;
        }
        return n;
    }

    /** Whether {@code node}'s answer counts towards the quorum. */
    boolean counts(NodeId node) {
        return counts.test(node);
    }

    Decision decision() {
        return decision;
    }

    int required() {
        return required;
    }

    /** Answers that count towards the quorum. */
    int answers() {
        return countedIn(answered);
    }

    boolean hasAnswered(NodeId node) {
        return answered.contains(node);
    }

    /** Whether every node asked answered or failed. */
    boolean settled() {
        return settledWith(0);
    }

    /** Whether every node asked answered, failed, or is one of {@code uncounted} more that answered without counting. */
    boolean settledWith(int uncounted) {
        return answered.size() + failed.size() + uncounted == asked.size();
    }

    /** Nodes asked that have not answered, in the order they were asked. */
    List<NodeId> missing() {
        List<NodeId> out = new ArrayList<>();
        for (NodeId n : asked) {
            if (!answered.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }
}
