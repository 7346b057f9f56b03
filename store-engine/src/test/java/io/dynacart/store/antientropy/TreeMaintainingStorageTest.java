package io.dynacart.store.antientropy;

import static io.dynacart.store.antientropy.Replicas.after;
import static io.dynacart.store.antientropy.Replicas.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every write path through {@link TreeMaintainingStorage} keeps the trees equal to a rebuild from storage. */
class TreeMaintainingStorageTest {

    private static final Partitioner PARTITIONER = new Partitioner(8);

    @Test
    void putsMergesAndDropsLeaveTheTreesOfARebuild() {
        MemoryStorage memory = new MemoryStorage(PARTITIONER);
        TreeMaintainingStorage storage = new TreeMaintainingStorage(memory, new MerkleIndex(PARTITIONER, 2));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            Key key = Key.of("k" + random.nextInt(400));
            Versioned<Value> v = version("n" + random.nextInt(3), 1 + random.nextInt(4), "v" + i);
            int path = random.nextInt(3);
            if (path == 0) {
                storage.put(key, v);
            } else if (path == 1) {
                storage.merge(key, List.of(v, after(v, "n9", null)));
            } else {
                storage.mergeNoWait(key, List.of(v), random.nextBoolean()); // a replica's write, on the event loop
            }
        }
        storage.dropPartition(PartitionId.of(3));
        MerkleIndex rebuilt = MerkleIndex.rebuiltFrom(memory, 2);
        for (int p = 0; p < PARTITIONER.partitionCount(); p++) {
            PartitionId partition = PartitionId.of(p);
            assertThat(storage.index().root(partition)).as("partition %d: maintained root equals rebuilt root", p)
                    .isEqualTo(rebuilt.root(partition));
            assertThat(storage.index().size(partition)).isEqualTo(rebuilt.size(partition));
        }
        assertThat(storage.index().root(PartitionId.of(3))).as("a dropped partition's tree is empty").isZero();
        assertThat(storage.index().root(PartitionId.of(0))).isNotZero();
    }

    @Test
    void aWriteThatChangesNothingStillSetsAStaleEntryRight() {
        MemoryStorage memory = new MemoryStorage(PARTITIONER);
        MerkleIndex index = new MerkleIndex(PARTITIONER, 2);
        Key key = Key.of("k");
        Versioned<Value> v = version("n1", 1, "v");
        memory.put(key, v); // written behind the trees' back, as a crash between the two steps would leave it
        TreeMaintainingStorage storage = new TreeMaintainingStorage(memory, index);
        storage.merge(key, List.of(v));
        assertThat(index.root(PARTITIONER.partitionOf(key.toByteArray())))
                .isEqualTo(MerkleIndex.rebuiltFrom(memory, 2).root(PARTITIONER.partitionOf(key.toByteArray())));
    }

    @Test
    void hintsAreNotData() {
        TreeMaintainingStorage storage = new TreeMaintainingStorage(new MemoryStorage(PARTITIONER),
                new MerkleIndex(PARTITIONER, 2));
        Key key = Key.of("k");
        storage.hints().put(NodeId.of("n2"), key, List.of(version("n1", 1, "v")));
        assertThat(storage.hints().counts()).containsEntry(NodeId.of("n2"), 1L);
        assertThat(storage.index().root(PARTITIONER.partitionOf(key.toByteArray()))).as("a hint is no tree entry")
                .isZero();
    }
}
