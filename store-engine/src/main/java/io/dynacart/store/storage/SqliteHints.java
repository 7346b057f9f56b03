package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Map;

/**
 * The hinted-handoff half of {@link SqliteStorage} (paper, section 4.6): the siblings a node keeps
 * for an unreachable one, as durable as data, answered from memory with SQLite written behind.
 *
 * <pre>
 *  putHint ──► lock ──► reconcile with the copy in memory ──► append HintPut (the whole result) ──► update memory
 *                                                                   │
 *     durable (per mode: appended, or forced by the group commit) ◄─┘ ──► applied to SQLite later, in a batch
 * </pre>
 *
 * <p>Every change is a self-contained log record, so the log alone restores it: on open, replay
 * brings SQLite up to the log and the copy in memory is loaded from SQLite. After that SQLite is
 * only written (by the applier, behind the log, like data) and never read, so no hint change waits
 * for it, and a node's event loop that keeps or delivers a hint waits for nothing but the log append
 * (and, when asked, a forced flush it is told of by callback).
 *
 * <p>The memory this costs is one sibling set per key kept for a down node: hints exist only while a
 * node is unreachable and are deleted once delivered.
 *
 * <p>One lock orders changes: the log holds them in the order the memory saw them, so a replay
 * rebuilds exactly the copy in memory. A deleted hint that a crash brings back (its delete not yet
 * on disk) is delivered again, which a replica takes as a no-op.
 */
final class SqliteHints {

    /** Where hint changes go: the storage's append log, then (behind it) its applier. */
    interface ChangeLog {
        /** Appends {@code record} and queues it for SQLite; returns its log sequence. Does not wait for the disk. */
        long append(LogRecord record);
    }

    private final ChangeLog log;
    private final HintSets held = new HintSets();
    /** The log sequence of the latest hint change: at or after the one that made any hint what it is. */
    private long lastSeq;

    /** {@code table}: what SQLite holds once the log is replayed; read once, here. */
    SqliteHints(HintTable table, ChangeLog log) {
        this.log = log;
        for (StoredHint hint : table.loadAll()) {
            held.set(hint.intendedFor(), hint.key(), hint.siblings());
        }
    }

    /**
     * {@link Storage#putHint}: returns what the hint holds after, and a log sequence whose durability
     * makes it durable. When nothing changed ({@code siblings} empty or already covered) that is the
     * latest hint change's: at or after the one that made the hint what it is.
     */
    synchronized Change put(NodeId intendedFor, Key key, List<Versioned<Value>> siblings) {
        SiblingSets.checkBounds(siblings);
        List<Versioned<Value>> result = held.afterPut(intendedFor, key, siblings);
        if (result == null) {
            return new Change(held.get(intendedFor, key), lastSeq);
        }
        lastSeq = log.append(new LogRecord.HintPut(intendedFor, key, SiblingSets.encodeForLog(result)));
        held.set(intendedFor, key, result);
        return new Change(result, lastSeq);
    }

    /** What a hint change left held, and the log sequence to be durable for it to be (0: nothing since open). */
    record Change(List<Versioned<Value>> siblings, long seq) {
    }

    /** {@link Storage#deleteHint}: deletes only a hint holding exactly the versions delivered. */
    synchronized boolean delete(NodeId intendedFor, Key key, List<Versioned<Value>> delivered) {
        if (!held.holdsExactly(intendedFor, key, delivered)) {
            return false;
        }
        lastSeq = log.append(new LogRecord.HintDelete(intendedFor, key));
        held.set(intendedFor, key, List.of());
        return true;
    }

    /** {@link Storage#hints}: in key order. */
    synchronized List<StoredHint> forNode(NodeId intendedFor, int limit) {
        return held.forNode(intendedFor, limit);
    }

    /** {@link Storage#hintCounts}. */
    synchronized Map<NodeId, Long> counts() {
        return held.counts();
    }

    /** {@link Storage#hintedSiblings}: the hints of {@code key} for every node, reconciled. */
    synchronized List<Versioned<Value>> hintedSiblings(Key key) {
        return held.forKey(key);
    }
}
