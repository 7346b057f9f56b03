package io.dynacart.store.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The algebra of {@link MerkleTree}: a tree kept current one update at a time (with hashes read at
 * random moments in between, which clears staleness marks half-way) equals one built from its final
 * contents in any order; equal contents have equal roots and different contents different ones; and
 * taking out what was put in gives back the empty root. Keys are drawn from a small set so that
 * updates overwrite and removals hit; all live in partition 1 of 4. Entry hashes are mixed with
 * their key's hash as {@link EntryHash} mixes them (so two keys never trade hashes, which a leaf's
 * sum could not tell apart).
 */
class MerkleTreeProperties {

    private static final Partitioner PARTITIONER = new Partitioner(4);
    private static final List<Key> KEYS = keysOfPartition(1, 60);

    /** One step: put {@code key} with {@code entryHash}, remove it (when {@code remove}), then maybe read a node. */
    record Op(int key, long entryHash, boolean remove, boolean read, int level, int index) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, KEYS.size() - 1), Arbitraries.longs(),
                        Arbitraries.integers().between(0, 3).map(i -> i == 0), Arbitraries.integers().between(0, 3)
                                .map(i -> i == 0), Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 255))
                .as(Op::new).list().ofMaxSize(120);
    }

    @Property(tries = 300)
    void incrementalUpdatesInAnyOrderGiveTheTreeOfARebuild(@ForAll("ops") List<Op> ops, @ForAll long shuffleSeed) {
        MerkleTree incremental = new MerkleTree(PARTITIONER, 2);
        Map<Key, Long> contents = new TreeMap<>();
        for (Op op : ops) {
            apply(incremental, contents, op);
        }
        MerkleTree rebuilt = build(contents, shuffleSeed);
        for (int level = 0; level <= 2; level++) {
            for (int i = 0; i < MerkleTree.nodesAt(level); i++) {
                assertThat(incremental.hash(level, i)).as("node %d of level %d: incremental equals rebuilt", i, level)
                        .isEqualTo(rebuilt.hash(level, i));
            }
        }
        assertThat(incremental.size()).isEqualTo(contents.size());
    }

    @Property(tries = 500)
    void equalContentsHaveEqualRootsAndOnlyThey(@ForAll("ops") List<Op> left, @ForAll("ops") List<Op> right) {
        MerkleTree a = new MerkleTree(PARTITIONER, 2);
        MerkleTree b = new MerkleTree(PARTITIONER, 2);
        Map<Key, Long> contentsA = new TreeMap<>();
        Map<Key, Long> contentsB = new TreeMap<>();
        left.forEach(op -> apply(a, contentsA, op));
        right.forEach(op -> apply(b, contentsB, op));
        assertThat(a.root() == b.root()).as("roots are equal exactly when contents are: %s vs %s", contentsA, contentsB)
                .isEqualTo(contentsA.equals(contentsB));
    }

    @Property(tries = 300)
    void removingWhatWasAddedRestoresTheEmptyRoot(@ForAll("ops") List<Op> ops) {
        MerkleTree tree = new MerkleTree(PARTITIONER, 2);
        Map<Key, Long> contents = new TreeMap<>();
        ops.forEach(op -> apply(tree, contents, op));
        contents.keySet().forEach(k -> tree.remove(KeyHash.of(k), k));
        assertThat(tree.root()).as("an emptied tree has the empty root").isZero();
        assertThat(tree.size()).isZero();
    }

    @Property(tries = 200)
    void changingOneKeyChangesTheRootAndTheNodesAboveIt(@ForAll("ops") List<Op> ops, @ForAll long newHash) {
        MerkleTree tree = new MerkleTree(PARTITIONER, 2);
        Map<Key, Long> contents = new TreeMap<>();
        ops.forEach(op -> apply(tree, contents, op));
        Key key = KEYS.get(0);
        if (newHash == contents.getOrDefault(key, 0L)) {
            return;
        }
        int leaf = tree.leafOf(KeyHash.of(key));
        long root = tree.root();
        long inner = tree.hash(1, leaf / MerkleTree.FANOUT);
        tree.update(KeyHash.of(key), key, newHash);
        assertThat(tree.root()).as("the root sees a changed key").isNotEqualTo(root);
        assertThat(tree.hash(1, leaf / MerkleTree.FANOUT)).as("so does its level-1 ancestor").isNotEqualTo(inner);
    }

    private static void apply(MerkleTree tree, Map<Key, Long> contents, Op op) {
        Key key = KEYS.get(op.key());
        if (op.remove()) {
            tree.remove(KeyHash.of(key), key);
            contents.remove(key);
        } else {
            long entryHash = EntryHash.mix(op.entryHash() + EntryHash.mix(KeyHash.of(key).high()));
            tree.update(KeyHash.of(key), key, entryHash);
            contents.put(key, entryHash);
        }
        if (op.read()) {
            tree.hash(op.level(), op.index() % MerkleTree.nodesAt(op.level()));
        }
    }

    private static MerkleTree build(Map<Key, Long> contents, long shuffleSeed) {
        List<Map.Entry<Key, Long>> entries = new ArrayList<>(contents.entrySet());
        Collections.shuffle(entries, new Random(shuffleSeed));
        MerkleTree tree = new MerkleTree(PARTITIONER, 2);
        entries.forEach(e -> tree.update(KeyHash.of(e.getKey()), e.getKey(), e.getValue()));
        return tree;
    }

    static List<Key> keysOfPartition(int partition, int count) {
        List<Key> out = new ArrayList<>();
        for (int i = 0; out.size() < count; i++) {
            Key key = Key.of("key-" + i);
            if (PARTITIONER.partitionOf(KeyHash.of(key)).equals(PartitionId.of(partition))) {
                out.add(key);
            }
        }
        return out;
    }
}
