package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.Value;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gathers the replies of one read: pure, no waiting. SUCCEEDED once {@code r} distinct targets
 * replied; FAILED once {@code r} replies have become impossible. Keeps every reply, so that the
 * coordinator can answer with the reconciliation of all of them and repair the replicas whose
 * reply lacked something.
 */
public final class ReadTally {

    private final int required;
    private final Set<NodeId> targets;
    private final Map<NodeId, List<Versioned<Value>>> replies = new LinkedHashMap<>();
    private final Set<NodeId> failed = new LinkedHashSet<>();
    private List<Versioned<Value>> merged = List.of();
    private Decision decision;

    public ReadTally(int required, Collection<NodeId> targets) {
        if (required < 1) {
            throw new IllegalArgumentException("a read needs at least 1 reply, was " + required);
        }
        this.required = required;
        this.targets = new LinkedHashSet<>(targets);
        this.decision = this.targets.size() < required ? Decision.FAILED : Decision.PENDING;
    }

    public Decision reply(NodeId node, List<Versioned<Value>> siblings) {
        if (targets.contains(node) && !failed.contains(node) && !replies.containsKey(node)) {
            replies.put(node, siblings);
            merged = Reconciliation.reconcile(merged, siblings);
        }
        return decide();
    }

    public Decision fail(NodeId node) {
        if (targets.contains(node) && !replies.containsKey(node)) {
            failed.add(node);
        }
        return decide();
    }

    private Decision decide() {
        if (decision == Decision.PENDING) {
            if (replies.size() >= required) {
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

    public int replies() {
        return replies.size();
    }

    public boolean settled() {
        return replies.size() + failed.size() == targets.size();
    }

    /** Every version no reply's version descends from: what the read returns. */
    public List<Versioned<Value>> merged() {
        return merged;
    }

    /** Replicas that replied without some version of {@link #merged()}: read repair sends them the merge. */
    public List<NodeId> staleReplicas() {
        List<NodeId> out = new ArrayList<>();
        replies.forEach((node, siblings) -> {
            if (!Reconciliation.sameVersions(Reconciliation.reconcile(siblings, merged),
                    Reconciliation.reconcile(List.of(), siblings))) {
                out.add(node);
            }
        });
        return out;
    }

    /** Targets that have not replied, in target order. */
    public List<NodeId> missing() {
        List<NodeId> out = new ArrayList<>();
        for (NodeId t : targets) {
            if (!replies.containsKey(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
