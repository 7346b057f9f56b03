package io.dynacart.store.antientropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of {@link MerkleTree}: where keys go, what a leaf lists, which depths are allowed. */
class MerkleTreeTest {

    @Test
    void leavesCoverThePartitionInKeyHashOrder() {
        Partitioner partitioner = new Partitioner(16);
        MerkleTree tree = new MerkleTree(partitioner, 2);
        PartitionId partition = PartitionId.of(5);
        long first = partitioner.firstHashOf(partition).high();
        long span = 1L << 60; // a sixteenth of the 64-bit high word
        assertThat(tree.leafOf(new KeyHash(first, 0))).as("the partition's first hash is in leaf 0").isZero();
        assertThat(tree.leafOf(new KeyHash(first + span - 1, -1))).as("its last hash in the last leaf").isEqualTo(255);
        List<Integer> leaves = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            leaves.add(tree.leafOf(new KeyHash(first + i * (span / 256), 0)));
        }
        assertThat(leaves).as("equal steps through the range visit leaves 0..255 in order")
                .isEqualTo(java.util.stream.IntStream.range(0, 256).boxed().toList());
    }

    @Test
    void aLeafListsItsKeysWithTheirEntryHashesInKeyOrder() {
        MerkleTree tree = new MerkleTree(new Partitioner(1), 1);
        KeyHash sameLeaf = new KeyHash(0x1234_0000_0000_0000L, 0);
        tree.update(sameLeaf, Key.of("b"), 2);
        tree.update(sameLeaf, Key.of("a"), 1);
        tree.update(sameLeaf, Key.of("b"), 3);
        assertThat(tree.leafEntries(1)).containsExactly(java.util.Map.entry(Key.of("a"), 1L),
                java.util.Map.entry(Key.of("b"), 3L));
        assertThat(tree.hash(1, 1)).as("a leaf's hash is the sum of its entries").isEqualTo(4);
        assertThat(tree.size()).isEqualTo(2);
        tree.remove(sameLeaf, Key.of("missing"));
        assertThat(tree.size()).as("removing an absent key changes nothing").isEqualTo(2);
    }

    @Test
    void depthIsBoundedAndNodesOutsideTheTreeAreRejected() {
        assertThatThrownBy(() -> new MerkleTree(new Partitioner(4), 0)).hasMessageContaining("from 1 to 4");
        assertThatThrownBy(() -> new MerkleTree(new Partitioner(4), 5)).hasMessageContaining("from 1 to 4");
        MerkleTree tree = new MerkleTree(new Partitioner(4), 2);
        assertThatThrownBy(() -> tree.hash(1, 16)).hasMessageContaining("no node 16 at level 1");
        assertThatThrownBy(() -> tree.hash(3, 0)).hasMessageContaining("no node 0 at level 3");
        assertThat(tree.root()).as("an empty tree's root").isZero();
    }
}
