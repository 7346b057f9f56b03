package io.dynacart.store.handoff;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded data for transfer tests: keys of one partition, each with up to three concurrent siblings
 * (some tombstones) on the source, and on the receiver, for some keys, a version that is concurrent
 * with the source's, older than them, or newer than them.
 */
final class TransferData {

    static final Partitioner PARTITIONER = new Partitioner(8);
    private static final List<NodeId> WRITERS = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    private static final NodeId OLD = NodeId.of("old");
    private static final NodeId RECEIVER_WRITER = NodeId.of("r");

    private TransferData() {
    }

    /** The first {@code count} keys {@code prefix0, prefix1, ...} that fall in {@code partition}. */
    static List<Key> keysIn(PartitionId partition, int count, String prefix) {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            Key key = Key.of(prefix + i);
            if (PARTITIONER.partitionOf(KeyHash.of(key)).equals(partition)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Writes seeded sibling sets of {@code keys} into {@code storage}; returns them by key. */
    static Map<Key, List<Versioned<Value>>> fillSource(Storage storage, List<Key> keys, SplittableRandom random) {
        Map<Key, List<Versioned<Value>>> written = new HashMap<>();
        for (Key key : keys) {
            int count = 1 + random.nextInt(3);
            List<Versioned<Value>> siblings = new ArrayList<>();
            for (int w = 0; w < count; w++) {
                VectorClock past = VectorClock.of(new VectorClock.Entry(OLD, 5, 1));
                siblings.add(new Versioned<>(new DottedVersionVector(new Dot(WRITERS.get(w), 1 + random.nextInt(9), 2), past),
                        value(random)));
            }
            written.put(key, storage.merge(key, siblings));
        }
        return written;
    }

    /**
     * Gives the receiver, for about three keys in four, a version of its own: concurrent with the
     * source's (kept beside them), older (covered by them), or newer (covering them).
     */
    static void fillReceiver(Storage receiver, Map<Key, List<Versioned<Value>>> source, SplittableRandom random) {
        for (Map.Entry<Key, List<Versioned<Value>>> e : source.entrySet()) {
            switch (random.nextInt(4)) {
                case 0 -> receiver.put(e.getKey(), new Versioned<>(
                        new DottedVersionVector(new Dot(RECEIVER_WRITER, 1, 3), VectorClock.EMPTY), value(random)));
                case 1 -> receiver.put(e.getKey(), new Versioned<>(
                        new DottedVersionVector(new Dot(OLD, 5, 1), VectorClock.EMPTY), value(random)));
                case 2 -> receiver.put(e.getKey(), new Versioned<>(
                        new DottedVersionVector(new Dot(RECEIVER_WRITER, 1, 3), covering(e.getValue())), value(random)));
                default -> { }
            }
        }
    }

    private static VectorClock covering(List<Versioned<Value>> siblings) {
        VectorClock clock = VectorClock.EMPTY;
        for (Versioned<Value> s : siblings) {
            clock = clock.merge(s.version().clock());
        }
        return clock;
    }

    private static Value value(SplittableRandom random) {
        if (random.nextInt(5) == 0) {
            return Value.TOMBSTONE;
        }
        byte[] bytes = new byte[50 + random.nextInt(250)];
        random.nextBytes(bytes);
        return Value.of(bytes);
    }
}
