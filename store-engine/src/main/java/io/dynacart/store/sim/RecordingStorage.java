package io.dynacart.store.sim;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.storage.ForwardingStorage;
import io.dynacart.store.storage.Hints;
import io.dynacart.store.storage.Merged;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.storage.StoredHint;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A storage that reports every version written through it to a shared {@link VersionLog}, so the
 * invariant checkers know the exact version behind every acknowledged write, even once it has
 * been superseded everywhere; and that keeps, for itself, every version it ever stored, as data
 * or as a hint ({@link #tookBefore}).
 */
final class RecordingStorage extends ForwardingStorage {

    private final Hints hints;
    private final VersionLog log;
    /** Per key, every version this storage ever took (one per dot, in the order taken), and where each dot is. */
    private final Map<Key, List<Versioned<Value>>> stored = new HashMap<>();
    private final Map<Key, Map<Dot, Integer>> storedAt = new HashMap<>();

    RecordingStorage(Storage inner, VersionLog log) {
        super(inner);
        this.hints = recording(delegate.hints());
        this.log = log;
    }

    @Override
    public List<Versioned<Value>> put(Key key, Versioned<Value> version) {
        log.saw(key, version);
        return kept(key, List.of(version), delegate.put(key, version));
    }

    @Override
    public List<Versioned<Value>> merge(Key key, List<Versioned<Value>> versions) {
        versions.forEach(v -> log.saw(key, v));
        return kept(key, versions, delegate.merge(key, versions));
    }

    @Override
    public Merged mergeNoWait(Key key, List<Versioned<Value>> versions, boolean forced) {
        versions.forEach(v -> log.saw(key, v));
        return kept(key, versions, delegate.mergeNoWait(key, versions, forced));
    }

    @Override
    public boolean purge(Key key, List<Versioned<Value>> expected, Predicate<Versioned<Value>> expired) {
        boolean purged = delegate.purge(key, expected, expired);
        if (purged) {
            log.purged(key, expected);
        }
        return purged;
    }

    @Override
    public Hints hints() {
        return hints;
    }

    /** How many distinct versions of {@code key} this storage has taken so far: a mark for {@link #tookBefore}. */
    int taken(Key key) {
        return stored.getOrDefault(key, List.of()).size();
    }

    /**
     * Whether, among the first {@code mark} versions of {@code key} it took (as data or as a hint),
     * this storage took {@code dot}'s or one descending from it. What it holds now may be newer, or
     * nothing (purged, a hint handed on).
     */
    boolean tookBefore(Key key, Dot dot, int mark) {
        Integer at = storedAt.getOrDefault(key, Map.of()).get(dot);
        if (at != null && at < mark) {
            return true;
        }
        List<Versioned<Value>> took = stored.getOrDefault(key, List.of());
        return took.subList(0, Math.min(mark, took.size())).stream().anyMatch(v -> v.version().covers(dot));
    }

    /** Notes that {@code versions} of {@code key} were stored (the call returned); returns {@code result}. */
    private <T> T kept(Key key, List<Versioned<Value>> versions, T result) {
        List<Versioned<Value>> took = stored.computeIfAbsent(key, k -> new ArrayList<>());
        Map<Dot, Integer> at = storedAt.computeIfAbsent(key, k -> new HashMap<>());
        for (Versioned<Value> v : versions) {
            if (at.putIfAbsent(v.dot(), took.size()) == null) {
                took.add(v);
            }
        }
        return result;
    }

    /** The inner storage's hints, recording every version put. */
    private Hints recording(Hints kept) {
        return new Hints() {
            @Override
            public Merged putNoWait(NodeId intendedFor, Key key, List<Versioned<Value>> siblings, boolean forced) {
                siblings.forEach(v -> log.saw(key, v));
                return kept(key, siblings, kept.putNoWait(intendedFor, key, siblings, forced));
            }

            @Override
            public List<StoredHint> forNode(NodeId intendedFor, int limit) {
                return kept.forNode(intendedFor, limit);
            }

            @Override
            public Map<NodeId, Long> counts() {
                return kept.counts();
            }

            @Override
            public boolean delete(NodeId intendedFor, Key key, List<Versioned<Value>> delivered) {
                return kept.delete(intendedFor, key, delivered);
            }

            @Override
            public List<Versioned<Value>> forKey(Key key) {
                return kept.forKey(key);
            }
        };
    }

    /** Every version any node of a simulation stored, by key and dot (dots are per key). */
    static final class VersionLog {
        /** Keys purged (tombstones collected) on any node. */
        long purges;
        private final Map<Key, List<Versioned<Value>>> collected = new HashMap<>();

        void purged(Key key, List<Versioned<Value>> tombstones) {
            purges++;
            collected.merge(key, List.copyOf(tombstones), (a, b) -> {
                List<Versioned<Value>> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            });
        }

        /** Every tombstone of {@code key} some node collected. */
        List<Versioned<Value>> collected(Key key) {
            return collected.getOrDefault(key, List.of());
        }

        /** A version's identity: dots count writes of one key. */
        record Id(Key key, Dot dot) {
        }

        private final Map<Id, Versioned<Value>> byId = new HashMap<>();
        private final Map<Key, List<Versioned<Value>>> byKey = new HashMap<>();
        private final List<String> reissued = new ArrayList<>();

        void saw(Key key, Versioned<Value> v) {
            Versioned<Value> before = byId.putIfAbsent(new Id(key, v.dot()), v);
            if (before == null) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
            } else if (!before.equals(v)) {
                reissued.add("dot " + v.dot() + " of " + key + " names two versions: " + before + " and " + v);
            }
        }

        Map<Id, Versioned<Value>> all() {
            return byId;
        }

        /** Every version of {@code key} any node stored, one per dot, in the order first seen. */
        List<Versioned<Value>> of(Key key) {
            return byKey.getOrDefault(key, List.of());
        }

        /** The dots of the versions {@code w} made (see {@link History#made}: a delete may claim several). */
        List<Dot> dotsOf(History.Write w, History history) {
            List<Dot> out = new ArrayList<>();
            for (Versioned<Value> v : of(w.key)) {
                if (history.made(w, v)) {
                    out.add(v.dot());
                }
            }
            return out;
        }

        /** Dots seen on two different versions of one key: each is a write that reconciliation would drop. */
        List<String> reissuedDots() {
            return reissued;
        }
    }
}
