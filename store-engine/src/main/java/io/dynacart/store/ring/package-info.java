/**
 * Where a key lives: the Dynamo paper's partitioning strategy 3 (section 4.2 Partitioning, and
 * section 6.2 Ensuring uniform load distribution). Keys hash to a 128-bit {@link
 * io.dynacart.store.ring.KeyHash}; the hash space is split into Q equal partitions by a {@link
 * io.dynacart.store.ring.Partitioner}, fixed for the cluster's life; an immutable, versioned {@link
 * io.dynacart.store.ring.Ring} records which node owns each partition and answers a key's {@link
 * io.dynacart.store.ring.PreferenceList} (the first N distinct nodes clockwise, then fallbacks for the
 * sloppy quorum; with nodes in several {@link io.dynacart.store.identity.Zone}s, the zones take turns
 * in that walk, so a key's N replicas span as many zones as there are: section 4.2's spread across
 * data centers); and {@link io.dynacart.store.ring.Claim} computes the next ring when a node joins
 * or leaves, keeping every node within one partition of its weighted share, moving only the
 * partitions it must, and keeping every N consecutive partitions on N distinct nodes where it can.
 * Placement is thus separate from partitioning: membership changes move whole partitions, never
 * re-split the key space. Everything here is pure immutable data and pure functions (no I/O, threads,
 * clocks or randomness); the processes that change the ring live in {@code membership} and {@code
 * handoff}. Depends only on {@code io.dynacart.store.identity} and the JDK.
 */
package io.dynacart.store.ring;
