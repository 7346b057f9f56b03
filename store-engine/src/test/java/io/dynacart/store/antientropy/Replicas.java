package io.dynacart.store.antientropy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test replicas: in-memory storage whose trees follow every write, and versions made by hand. */
final class Replicas {

    private Replicas() {
    }

    static TreeMaintainingStorage replica(Partitioner partitioner, int depth) {
        return new TreeMaintainingStorage(new MemoryStorage(partitioner), new MerkleIndex(partitioner, depth));
    }

    /** A version written through {@code node} as its {@code counter}-th write, with no past. */
    static Versioned<Value> version(String node, long counter, String value) {
        return version(node, counter, VectorClock.EMPTY, value);
    }

    /** A version written through {@code node} over {@code past}; a null value is a tombstone. */
    static Versioned<Value> version(String node, long counter, VectorClock past, String value) {
        Value v = value == null ? Value.TOMBSTONE : Value.of(value.getBytes(StandardCharsets.UTF_8));
        return new Versioned<>(new DottedVersionVector(new Dot(NodeId.of(node), counter, 1_000 + counter), past), v);
    }

    /** A version that supersedes {@code older}: its past is the older's whole clock. */
    static Versioned<Value> after(Versioned<Value> older, String node, String value) {
        VectorClock past = older.version().clock();
        return version(node, past.counter(NodeId.of(node)) + 1, past, value);
    }

    /** Everything {@code storage} holds, by key, siblings in dot order. */
    static Map<Key, List<Versioned<Value>>> contents(Storage storage) {
        Map<Key, List<Versioned<Value>>> out = new TreeMap<>();
        for (int p = 0; p < storage.partitioner().partitionCount(); p++) {
            storage.scan(PartitionId.of(p), k -> out.put(k.key(), sortedByDot(k.siblings())));
        }
        return out;
    }

    static List<Versioned<Value>> sortedByDot(List<Versioned<Value>> siblings) {
        return siblings.stream().sorted((a, b) -> a.dot().compareTo(b.dot())).toList();
    }
}
