package io.dynacart.store.storage;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A node's local replicas: for each key, its sibling set (values and tombstones with their clocks);
 * beside them, through {@link #hints()}, the copies it keeps for unreachable nodes.
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
    default boolean purge(Key key, List<Versioned<Value>> expected) {
        return purge(key, expected, version -> false);
    }

    /**
     * As {@link #purge(Key, List)}, where a value {@code expired} accepts counts as dead as a
     * tombstone: the collection of a key whose every version is a tombstone or past its namespace's
     * ttl ({@code antientropy.Expiry}). A value {@code expired} refuses keeps the key.
     */
    boolean purge(Key key, List<Versioned<Value>> expected, Predicate<Versioned<Value>> expired);

    /** Keys and bytes held for {@code partition}. */
    PartitionStats stats(PartitionId partition);

    /**
     * Forgets every key of {@code partition} at once, durably, holding every write back meanwhile.
     * A running node gives a partition back with {@link #forget} instead, a batch at a time.
     */
    void dropPartition(PartitionId partition);

    /**
     * Forgets up to {@code maxKeys} keys of {@code partition}, the first in key-hash order, whatever
     * they hold (values and tombstones): how a node gives back the space of a partition it no longer
     * replicates ({@code handoff.Reclaimer}). Hints are not touched. Each key goes atomically with
     * respect to writes of it: a write that comes after is kept, for a later call to forget. Returns
     * the keys forgotten, the bytes they held and the keys left; no key once the partition holds none.
     * It reads the partition, so it may wait for the disk: call it off the event loop. Like
     * {@link #purge}, it need not be durable at once: a crash may bring back a key whose removal was
     * not yet forced, and the next call forgets it again.
     *
     * @throws IllegalArgumentException if {@code maxKeys} is below 1
     */
    ForgottenKeys forget(PartitionId partition, int maxKeys);

    /** What this storage's files take on disk now, and how much of that is free. May read the disk. */
    DiskUsage diskUsage();

    /**
     * Gives up to about {@code maxBytes} of free space (see {@link DiskUsage#freeBytes}) back to the
     * file system, so that the files shrink, if this storage can ({@link DiskUsage#returnsFreeSpace});
     * returns the bytes given back, 0 when it cannot or nothing is free. Blocks on the disk: off the
     * event loop.
     */
    long returnFreeSpace(long maxBytes);

    /**
     * The hints this node keeps (paper, section 4.6): the other half of a node's storage, sharing its
     * log and its durability, so that a hint is as durable as data.
     */
    Hints hints();

    @Override
    void close();
}
