package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts the acknowledgements of one write: pure arithmetic, no waiting. SUCCEEDED once {@code w}
 * distinct targets acknowledged; FAILED once so many targets failed that {@code w} cannot be
 * reached. Answers from nodes that are not targets, and repeated answers, count nothing.
 */
public final class WriteTally {

    private final int required;
    private final Set<NodeId> targets;
    private final Set<NodeId> acked = new LinkedHashSet<>();
    private final Set<NodeId> failed = new LinkedHashSet<>();
    private Decision decision;

    public WriteTally(int required, Collection<NodeId> targets) {
        if (required < 1) {
            throw new IllegalArgumentException("a write needs at least 1 acknowledgement, was " + required);
        }
        this.required = required;
        this.targets = new LinkedHashSet<>(targets);
        this.decision = this.targets.size() < required ? Decision.FAILED : Decision.PENDING;
    }

    public Decision ack(NodeId node) {
        if (targets.contains(node) && !failed.contains(node)) {
            acked.add(node);
        }
        return decide();
    }

    /** {@code node} will not acknowledge (it timed out or refused). An ack already counted stands. */
    public Decision fail(NodeId node) {
        if (targets.contains(node) && !acked.contains(node)) {
            failed.add(node);
        }
        return decide();
    }

    private Decision decide() {
        if (decision == Decision.PENDING) {
            if (acked.size() >= required) {
                decision = Decision.SUCCEEDED;
            } else if (targets.size() - failed.size() < required) {
                decision = Decision.FAILED;
            }
        }
        return decision;
    }

    public Decision decision() {
        return decision;
    }

    public int required() {
        return required;
    }

    public int acks() {
        return acked.size();
    }

    /** Whether every target acknowledged or failed. */
    public boolean settled() {
        return acked.size() + failed.size() == targets.size();
    }

    public boolean hasAcked(NodeId node) {
        return acked.contains(node);
    }

    /** Targets that have not acknowledged, in target order. */
    public List<NodeId> missing() {
        List<NodeId> out = new ArrayList<>();
        for (NodeId t : targets) {
            if (!acked.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
