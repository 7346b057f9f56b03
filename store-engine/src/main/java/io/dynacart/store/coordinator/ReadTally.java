package io.dynacart.store.coordinator;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Gathers the replies of one read: pure, no waiting. SUCCEEDED once {@code r} distinct nodes asked
 * replied, primaries or stand-ins; FAILED once {@code r} replies have become impossible, stand-ins not
 * yet asked included. Keeps every reply, so that the coordinator can answer with the reconciliation
 * of all of them and repair the replicas whose reply lacked something.
 */
public final class ReadTally {

    private final QuorumCount count;
    private final Map<NodeId, List<Versioned<Value>>> replies = new LinkedHashMap<>();
    private final Set<NodeId> held = new LinkedHashSet<>();
    private List<Versioned<Value>> merged = List.of();

    public ReadTally(int required, Collection<NodeId> targets) {
        this(required, targets, 0);
    }

    /** {@code spares}: how many more nodes could stand in for silent ones. */
    public ReadTally(int required, Collection<NodeId> targets, int spares) {
        this.count = new QuorumCount("read", required, targets, spares);
    }

    /**
     * Only the answers of nodes {@code counts} accepts count towards {@code required} (a local quorum);
     * {@code spares}: how many such nodes could still stand in.
     */
    ReadTally(int required, Predicate<NodeId> counts, Collection<NodeId> targets, int spares) {
        this.count = new QuorumCount("read", required, counts, targets, spares);
    }

    /** Whether {@code node}'s answer counts towards the quorum. */
    boolean counts(NodeId node) {
        return count.counts(node);
    }

    /** A stand-in was asked. */
    public Decision ask(NodeId node) {
        return count.ask(node);
    }

    public Decision reply(NodeId node, List<Versioned<Value>> siblings) {
        take(node, siblings);
        held.remove(node);
        return count.answer(node);
    }

    /**
     * A reply whose versions go into the answer but that does not count towards R (yet): a stand-in's,
     * while the primary it stands in for may still answer. {@link #release} counts it.
     */
    public Decision hold(NodeId node, List<Versioned<Value>> siblings) {
        if (count.accepts(node) && !replies.containsKey(node)) {
            take(node, siblings);
            held.add(node);
        }
        return count.decision();
    }

    /** Counts {@code node}'s held reply towards R. */
    public Decision release(NodeId node) {
        return held.remove(node) ? count.answer(node) : count.decision();
    }

    private void take(NodeId node, List<Versioned<Value>> siblings) {
        if (count.accepts(node) && !replies.containsKey(node)) {
            replies.put(node, siblings);
            merged = Reconciliation.reconcile(merged, siblings);
        }
    }

    public Decision fail(NodeId node) {
        return count.fail(node);
    }

    public Decision decision() {
        return count.decision();
    }

    public int required() {
        return count.required();
    }

    public int replies() {
        return count.answers();
    }

    /** Whether every node asked replied (held replies included) or failed. */
    public boolean settled() {
        return count.settledWith(held.size());
    }

    /** Whether {@code node} replied (counted or held). */
    public boolean hasReplied(NodeId node) {
        return replies.containsKey(node);
    }

    /** Whether {@code node}'s reply counts towards R. */
    public boolean counted(NodeId node) {
        return replies.containsKey(node) && !held.contains(node);
    }

    /** Every version no reply's version descends from: what the read returns. */
    public List<Versioned<Value>> merged() {
        return merged;
    }

    /** Replicas that replied without some version of {@link #merged()}: read repair sends them the merge. */
    public List<NodeId> staleReplicas() {
        List<NodeId> out = new ArrayList<>();
        replies.forEach((node, siblings) -> {
            if (!Reconciliation.covers(siblings, merged)) {
                out.add(node);
            }
        });
        return out;
    }

    /** Nodes asked that have not replied, in the order they were asked. */
    public List<NodeId> missing() {
        return count.missing();
    }
}
