package io.dynacart.store.storage;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hinted-handoff half of {@link SqliteStorage} (paper, section 4.6): the siblings a node keeps
 * for an unreachable one, as durable as data.
 *
 * <pre>
 *  putHint ──► lock (node, key) ──► read the hint from SQLite ──► reconcile ──► append HintPut
 *                                                                  (the whole result)  │
 *     unlock, return ◄── applied to SQLite by the LogApplier ◄── durable (FSYNC) ◄─────┘
 * </pre>
 *
 * <p>Every change is a self-contained log record, acknowledged only once it is in the append log
 * (forced to disk too under {@link Durability#FSYNC}). Unlike a put, a hint change also waits until
 * the applier has written it to SQLite. Hints are rare (only while a node is down) and the wait is
 * one batch commit, so this buys a simple invariant: <b>once a hint change returns, SQLite holds
 * it</b>. Hint reads therefore go straight to SQLite, with no overlay of pending hints, and still
 * see every acknowledged hint change.
 *
 * <p>The lock of a (node, key) is held from the read to the end of that wait, so a read-modify-write
 * always starts from the previous one's result: two concurrent {@link #put} calls for one node and
 * key are both kept, and {@link #delete} compares against what is really held.
 */
final class SqliteHints {

    /** Where hint changes go: the storage's append log, then its applier. */
    interface ChangeLog {
        /** Appends {@code record}; returns once it is durable (per {@link Durability}) and in SQLite. */
        void appendAndApply(LogRecord record);
    }

    /** Locks per (node, key): hint changes are rare, so a few stripes keep contention negligible. */
    private static final int STRIPES = 64;

    private final HintTable table;
    private final ChangeLog log;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    SqliteHints(HintTable table, ChangeLog log) {
        this.table = table;
        this.log = log;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** {@link Storage#putHint}: an empty or already covered {@code siblings} writes nothing. */
    void put(NodeId intendedFor, Key key, List<Versioned<Value>> siblings) {
        SiblingSets.checkBounds(siblings);
        ReentrantLock lock = stripe(intendedFor, key);
        lock.lock();
        try {
            List<Versioned<Value>> held = table.read(intendedFor, key);
            List<Versioned<Value>> result = Reconciliation.reconcile(held, siblings);
            if (Reconciliation.sameVersions(held, result)) {
                return;
            }
            log.appendAndApply(new LogRecord.HintPut(intendedFor, key, SiblingSets.encodeForLog(result)));
        } finally {
            lock.unlock();
        }
    }

    /** {@link Storage#deleteHint}: deletes only a hint holding exactly the versions delivered. */
    boolean delete(NodeId intendedFor, Key key, List<Versioned<Value>> delivered) {
        ReentrantLock lock = stripe(intendedFor, key);
        lock.lock();
        try {
            List<Versioned<Value>> held = table.read(intendedFor, key);
            if (held.isEmpty() || !Reconciliation.sameVersions(held, Reconciliation.reconcile(List.of(), delivered))) {
                return false;
            }
            log.appendAndApply(new LogRecord.HintDelete(intendedFor, key));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@link Storage#hints}: in key order, from SQLite. */
    List<StoredHint> forNode(NodeId intendedFor, int limit) {
        return limit <= 0 ? List.of() : table.forNode(intendedFor, limit);
    }

    /** {@link Storage#hintCounts}, counted by SQLite. */
    Map<NodeId, Long> counts() {
        return table.counts();
    }

    /** {@link Storage#hintedSiblings}: the hints of {@code key} for every node, reconciled. */
    List<Versioned<Value>> hintedSiblings(Key key) {
        List<Versioned<Value>> out = List.of();
        for (List<Versioned<Value>> held : table.forKey(key)) {
            out = Reconciliation.reconcile(out, held);
        }
        return out;
    }

    private ReentrantLock stripe(NodeId intendedFor, Key key) {
        return stripes[(Objects.hash(intendedFor, key) & 0x7fffffff) % STRIPES];
    }
}
