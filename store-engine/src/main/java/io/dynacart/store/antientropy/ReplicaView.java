package io.dynacart.store.antientropy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.transport.AntiEntropyMessage.KeyDigest;
import io.dynacart.store.versioning.Versioned;
import java.util.List;

/**
 * What an exchange reads of the local replica: its trees and its sibling sets. Reading only, so the
 * exchange stays a pure function of what it reads and receives; the merges it decides on are
 * applied by whoever runs it.
 */
public interface ReplicaView {

    Partitioner partitioner();

    /** Levels below the roots of the trees; both sides of an exchange must agree on it. */
    int depth();

    /** The hash of node {@code index} of {@code level} in the partition's tree (0 when it holds nothing). */
    long hash(PartitionId partition, int level, int index);

    /** The keys of {@code leaves} of the partition's tree with their entry hashes. */
    List<KeyDigest> leafEntries(PartitionId partition, List<Integer> leaves);

    /** The key's siblings, tombstones included; empty when not held. */
    List<Versioned<Value>> siblings(Key key);
}
