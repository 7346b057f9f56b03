package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every hint a node holds, in memory: per intended node, per key (in key order), the sibling set
 * kept for it. The rules of {@link Storage}'s hint methods live here once, for both storages:
 * {@link MemoryStorage} holds nothing else, {@link SqliteHints} keeps this as the copy it answers
 * from while SQLite is written behind. Not thread-safe: the owner serialises calls.
 */
final class HintSets {

    private final Map<NodeId, TreeMap<Key, List<Versioned<Value>>>> byNode = new TreeMap<>();

    /** What is held for {@code intendedFor} and {@code key}; empty when nothing is. */
    List<Versioned<Value>> get(NodeId intendedFor, Key key) {
        TreeMap<Key, List<Versioned<Value>>> forNode = byNode.get(intendedFor);
        List<Versioned<Value>> held = forNode == null ? null : forNode.get(key);
        return held == null ? List.of() : held;
    }

    /**
     * What holding {@code siblings} as well would leave for {@code intendedFor} and {@code key}, or
     * null when it changes nothing (empty or already covered). Changes nothing itself.
     */
    List<Versioned<Value>> afterPut(NodeId intendedFor, Key key, List<Versioned<Value>> siblings) {
        List<Versioned<Value>> held = get(intendedFor, key);
        List<Versioned<Value>> result = Reconciliation.reconcile(held, siblings);
        return Reconciliation.sameVersions(held, result) ? null : result;
    }

    /** Whether the hint of {@code intendedFor} for {@code key} holds exactly the versions of {@code delivered}. */
    boolean holdsExactly(NodeId intendedFor, Key key, List<Versioned<Value>> delivered) {
        List<Versioned<Value>> held = get(intendedFor, key);
        return !held.isEmpty() && Reconciliation.sameVersions(held, Reconciliation.reconcile(List.of(), delivered));
    }

    /** Holds {@code siblings} for {@code intendedFor} and {@code key}, replacing what was; empty forgets it. */
    void set(NodeId intendedFor, Key key, List<Versioned<Value>> siblings) {
        if (siblings.isEmpty()) {
            TreeMap<Key, List<Versioned<Value>>> forNode = byNode.get(intendedFor);
            if (forNode != null && forNode.remove(key) != null && forNode.isEmpty()) {
                byNode.remove(intendedFor);
            }
            return;
        }
        byNode.computeIfAbsent(intendedFor, n -> new TreeMap<>()).put(key, List.copyOf(siblings));
    }

    /** Up to {@code limit} hints of {@code intendedFor}, in key order. */
    List<StoredHint> forNode(NodeId intendedFor, int limit) {
        List<StoredHint> out = new ArrayList<>();
        TreeMap<Key, List<Versioned<Value>>> forNode = byNode.get(intendedFor);
        if (forNode == null) {
            return out;
        }
        for (Map.Entry<Key, List<Versioned<Value>>> e : forNode.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new StoredHint(intendedFor, e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Keys held per intended node; nodes with none are absent. */
    Map<NodeId, Long> counts() {
        Map<NodeId, Long> out = new TreeMap<>();
        byNode.forEach((node, keys) -> out.put(node, (long) keys.size()));
        return Collections.unmodifiableMap(out);
    }

    /** The hints of {@code key} for every node, reconciled. */
    List<Versioned<Value>> forKey(Key key) {
        List<Versioned<Value>> out = List.of();
        for (TreeMap<Key, List<Versioned<Value>>> forNode : byNode.values()) {
            List<Versioned<Value>> held = forNode.get(key);
            if (held != null) {
                out = Reconciliation.reconcile(out, held);
            }
        }
        return out;
    }
}
