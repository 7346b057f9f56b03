package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link SqliteStorage}'s hints: answered from memory by {@link SqliteHints}, logged through the
 * storage's append log and made durable by its group sync.
 */
final class LoggedHints implements Hints {

    private final SqliteHints hints;
    private final Durability durability;
    private final Supplier<GroupSync> syncer;
    private final Runnable ensureOpen;

    LoggedHints(SqliteHints hints, Durability durability, Supplier<GroupSync> syncer, Runnable ensureOpen) {
        this.hints = hints;
        this.durability = durability;
        this.syncer = syncer;
        this.ensureOpen = ensureOpen;
    }

    /** Forced when asked, and in ONE mode as in FSYNC: a hint may be the durable copy a stand-in took for a write. */
    @Override
    public Merged putNoWait(NodeId intendedFor, Key key, List<Versioned<Value>> siblings, boolean forced) {
        ensureOpen.run();
        SqliteHints.Change change = hints.put(intendedFor, key, siblings);
        if (change.seq() <= 0 || (!forced && durability == Durability.PROCESS)) {
            return Merged.durableNow(change.siblings());
        }
        return new Merged(change.siblings(), syncer.get().whenDurable(change.seq()));
    }

    @Override
    public List<StoredHint> forNode(NodeId intendedFor, int limit) {
        ensureOpen.run();
        return hints.forNode(intendedFor, limit);
    }

    @Override
    public Map<NodeId, Long> counts() {
        ensureOpen.run();
        return hints.counts();
    }

    @Override
    public boolean delete(NodeId intendedFor, Key key, List<Versioned<Value>> delivered) {
        ensureOpen.run();
        return hints.delete(intendedFor, key, delivered);
    }

    @Override
    public List<Versioned<Value>> forKey(Key key) {
        ensureOpen.run();
        return hints.hintedSiblings(key);
    }
}
