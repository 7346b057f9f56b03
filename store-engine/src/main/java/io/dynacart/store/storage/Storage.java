package io.dynacart.store.storage;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A node's local replicas: for each key, its sibling set (values and tombstones with their clocks).
 *
 * <p>Every mutation is syntactic reconciliation ({@link io.dynacart.store.versioning.Reconciliation})
 * applied atomically with what is stored: a version already covered changes nothing and is not an
 * error; the sibling set is always an antichain. A value over {@link Value#MAX_BYTES} raises
 * {@link ValueTooLargeException} and nothing is written. Once a mutation returns, every later read
 * on this node sees it, and it survives the death of the process.
 */
public interface Storage extends AutoCloseable {

    /** How keys map to partitions here; scans and statistics are per partition. */
    Partitioner partitioner();

    /** The key's siblings, tombstones included; empty when the key was never written here. */
    List<Versioned<Value>> get(Key key);

    /** Reconciles {@code version} with the stored siblings and returns the result. */
    List<Versioned<Value>> put(Key key, Versioned<Value> version);

    /** {@link #put} for many versions at once: read repair, hinted handoff, anti-entropy, transfer. */
    List<Versioned<Value>> merge(Key key, List<Versioned<Value>> versions);

    /**
     * {@link #merge} that does not wait for the disk, for callers that must not block (a node's event
     * loop): returns once the write is stored, and {@link Merged#durable()} completes once it is
     * durable: when {@link #merge} would have returned, or, when {@code forced}, once it is on disk
     * ({@code fdatasync}) whatever this storage's {@link #durability()}. A merge that changes nothing
     * is durable once the write that made what the key holds is.
     */
    Merged mergeNoWait(Key key, List<Versioned<Value>> versions, boolean forced);

    /** When this storage counts a write as durable; see {@link Durability}. */
    Durability durability();

    /**
     * Visits every key of {@code partition} in key-hash order (unsigned, then by key bytes), as of a
     * moment at or after the call; writes made during the scan may or may not be seen.
     */
    void scan(PartitionId partition, Consumer<StoredKey> visitor);

    /**
     * Forgets {@code key} if what it holds is exactly {@code expected} (compared by dots) and every
     * version of it is a tombstone: the collection of a delete that every replica has seen (see
     * {@code antientropy}). Anything else — a value, a version written since — keeps the key and
     * returns false. It need not be durable at once (a node's event loop calls it): a crash can undo
     * only a purge no later write depends on (the log keeps a prefix), and leaves a tombstone that is
     * collected again.
     */
    boolean purge(Key key, List<Versioned<Value>> expected);

    /** Keys and bytes held for {@code partition}. */
    PartitionStats stats(PartitionId partition);

    /** Forgets every key of {@code partition}, durably, once it has been handed to its new owner. */
    void dropPartition(PartitionId partition);

    // Hinted handoff (paper, section 4.6): copies kept for an unreachable primary, as durable as data.

    /**
     * Keeps {@code siblings} of {@code key} for {@code intendedFor}, reconciled with what is already
     * held for that node and key; durable once it returns.
     */
    default void putHint(NodeId intendedFor, Key key, List<Versioned<Value>> siblings) {
        putHintNoWait(intendedFor, key, siblings, false).awaitDurable();
    }

    /**
     * {@link #putHint} that does not wait for the disk, for a node's event loop: returns once every
     * later hint read sees the change, with what the hint holds after it; {@link Merged#durable()}
     * completes once the change is as durable as {@link #putHint} makes it, or, when {@code forced},
     * once it is on disk whatever this storage's {@link #durability()}.
     */
    Merged putHintNoWait(NodeId intendedFor, Key key, List<Versioned<Value>> siblings, boolean forced);

    /** Up to {@code limit} hints held for {@code intendedFor}, in no particular order. */
    List<StoredHint> hints(NodeId intendedFor, int limit);

    /** How many keys are held as hints, per intended node (nodes with none are absent). */
    Map<NodeId, Long> hintCounts();

    /**
     * Deletes the hint of {@code intendedFor} for {@code key} if it holds exactly the versions
     * {@code delivered} holds (compared by dots); a hint merged since it was read stays, to be
     * delivered again. Returns whether it was deleted. It need not be durable at once: a hint a crash
     * brings back is delivered again, which changes nothing on its receiver.
     */
    boolean deleteHint(NodeId intendedFor, Key key, List<Versioned<Value>> delivered);

    /** The siblings of {@code key} held as hints for any node, reconciled: what a read served by a fallback adds. */
    List<Versioned<Value>> hintedSiblings(Key key);

    @Override
    void close();
}
