package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Counts the acknowledgements of one write: pure arithmetic, no waiting. SUCCEEDED once {@code w}
 * distinct nodes asked acknowledged, whether primaries or stand-ins (a hinted copy is a real copy);
 * FAILED once the nodes that may still acknowledge, with the stand-ins not yet asked, are fewer than
 * {@code w}. Answers from nodes not asked, and repeated answers, count nothing.
 */
public final class WriteTally {

    private final QuorumCount count;

    public WriteTally(int required, Collection<NodeId> targets) {
        this(required, targets, 0);
    }

    /** {@code spares}: how many more nodes could stand in for silent ones (the rest of the extended list). */
    public WriteTally(int required, Collection<NodeId> targets, int spares) {
        this.count = new QuorumCount("write", required, targets, spares);
    }

    /**
     * Only the answers of nodes {@code counts} accepts count towards {@code required} (a local quorum);
     * {@code spares}: how many such nodes could still stand in.
     */
    WriteTally(int required, Predicate<NodeId> counts, Collection<NodeId> targets, int spares) {
        this.count = new QuorumCount("write", required, counts, targets, spares);
    }

    /** Whether {@code node}'s answer counts towards the quorum. */
    boolean counts(NodeId node) {
        return count.counts(node);
    }

    /** A stand-in was asked. */
    public Decision ask(NodeId node) {
        return count.ask(node);
    }

    public Decision ack(NodeId node) {
        return count.answer(node);
    }

    /** {@code node} will not acknowledge (it cannot be reached). An ack already counted stands. */
    public Decision fail(NodeId node) {
        return count.fail(node);
    }

    public Decision decision() {
        return count.decision();
    }

    public int required() {
        return count.required();
    }

    public int acks() {
        return count.answers();
    }

    /** Whether every node asked acknowledged or failed. */
    public boolean settled() {
        return count.settled();
    }

    public boolean hasAcked(NodeId node) {
        return count.hasAnswered(node);
    }

    /** Nodes asked that have not acknowledged, in the order they were asked. */
    public List<NodeId> missing() {
        return count.missing();
    }
}
