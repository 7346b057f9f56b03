package io.dynacart.store.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Storage} promises. Bound to each implementation by a near-empty subclass
 * ({@code MemoryStorageTest}, {@code SqliteStorageIT}).
 */
abstract class StorageContract {

    static final Partitioner PARTITIONER = new Partitioner(16);
    static final NodeId X = NodeId.of("x");
    static final NodeId Y = NodeId.of("y");

    protected Storage storage;

    /** A new, empty storage using {@link #PARTITIONER}. */
    protected abstract Storage open() throws Exception;

    @BeforeEach
    void openStorage() throws Exception {
        storage = open();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    /** A version written through {@code at} by a client that read {@code context}. */
    static Versioned<Value> version(Storage s, Key key, NodeId at, Context context, Value value) {
        DottedVersionVector v = DottedVersionVector.forWrite(at, 1_000, context, s.get(key), VectorClock.DEFAULT_MAX_ENTRIES);
        return new Versioned<>(v, value);
    }

    static Value text(String s) {
        return Value.of(s.getBytes(StandardCharsets.UTF_8));
    }

    static List<Value> values(List<Versioned<Value>> siblings) {
        return siblings.stream().map(Versioned::value).toList();
    }

    @Test
    void anUnknownKeyHasNoSiblings() {
        assertThat(storage.get(Key.of("nobody"))).isEmpty();
    }

    @Test
    void aPutIsReadBack() {
        Key k = Key.of("cart:1");
        Versioned<Value> v = version(storage, k, X, Context.EMPTY, text("apple"));

        assertThat(storage.put(k, v)).containsExactly(v);
        assertThat(storage.get(k)).containsExactly(v);
        assertThat(values(storage.get(k))).containsExactly(text("apple"));
    }

    @Test
    void aDescendantReplacesItsAncestorAndAStaleVersionIsANoOp() {
        Key k = Key.of("k");
        Versioned<Value> first = version(storage, k, X, Context.EMPTY, text("1"));
        storage.put(k, first);
        Versioned<Value> second = version(storage, k, X, Context.of(storage.get(k)), text("2"));

        assertThat(storage.put(k, second)).containsExactly(second);
        assertThat(storage.put(k, first)).as("a stale version changes nothing and is no error").containsExactly(second);
        assertThat(storage.get(k)).containsExactly(second);
    }

    @Test
    void twoBlindWritesThroughOneNodeAreBothKept() {
        Key k = Key.of("k");
        storage.put(k, version(storage, k, X, Context.EMPTY, text("a")));
        storage.put(k, version(storage, k, X, Context.EMPTY, text("b")));

        assertThat(values(storage.get(k))).containsExactlyInAnyOrder(text("a"), text("b"));
    }

    @Test
    void concurrentVersionsFromTwoNodesAreKeptAndAMergeSupersedesThem() {
        Key k = Key.of("k");
        storage.put(k, version(storage, k, X, Context.EMPTY, text("x")));
        storage.put(k, version(storage, k, Y, Context.EMPTY, text("y")));
        List<Versioned<Value>> both = storage.get(k);
        assertThat(both).hasSize(2);

        Versioned<Value> merged = version(storage, k, X, Context.of(both), text("x+y"));
        assertThat(storage.put(k, merged)).containsExactly(merged);
    }

    @Test
    void aDeleteIsATombstoneWithAClock() {
        Key k = Key.of("k");
        storage.put(k, version(storage, k, X, Context.EMPTY, text("x")));
        Versioned<Value> tombstone = version(storage, k, X, Context.of(storage.get(k)), Value.TOMBSTONE);

        assertThat(storage.put(k, tombstone)).containsExactly(tombstone);
        Versioned<Value> afterDelete = version(storage, k, Y, Context.of(storage.get(k)), text("again"));
        assertThat(storage.put(k, afterDelete)).as("a write that saw the delete supersedes the tombstone")
                .containsExactly(afterDelete);
    }

    @Test
    void mergeReconcilesManyVersionsAtOnce() {
        Key k = Key.of("k");
        MemoryStorage elsewhere = new MemoryStorage(PARTITIONER);
        elsewhere.put(k, version(elsewhere, k, X, Context.EMPTY, text("x")));
        elsewhere.put(k, version(elsewhere, k, Y, Context.EMPTY, text("y")));
        storage.put(k, version(storage, k, NodeId.of("z"), Context.EMPTY, text("z")));

        List<Versioned<Value>> result = storage.merge(k, elsewhere.get(k));

        assertThat(values(result)).containsExactlyInAnyOrder(text("x"), text("y"), text("z"));
        assertThat(storage.get(k)).isEqualTo(result);
        assertThat(storage.merge(k, elsewhere.get(k))).as("merging the same again is idempotent").isEqualTo(result);
    }

    @Test
    void aValueOverOneMebibyteIsRejectedAndNothingIsWritten() {
        Key k = Key.of("big");
        storage.put(k, version(storage, k, X, Context.EMPTY, text("small")));
        PartitionId p = PARTITIONER.partitionOf(KeyHash.of(k.toByteArray()));
        PartitionStats before = storage.stats(p);
        Versioned<Value> tooBig = version(storage, k, X, Context.of(storage.get(k)), Value.of(new byte[Value.MAX_BYTES + 1]));

        assertThatThrownBy(() -> storage.put(k, tooBig)).isInstanceOf(ValueTooLargeException.class)
                .hasMessageContaining("at most 1048576");
        assertThat(values(storage.get(k))).containsExactly(text("small"));
        assertThat(storage.stats(p)).isEqualTo(before);
    }

    @Test
    void aValueOfExactlyOneMebibyteIsAccepted() {
        Key k = Key.of("big");
        byte[] bytes = new byte[Value.MAX_BYTES];
        new Random(1).nextBytes(bytes);
        storage.put(k, version(storage, k, X, Context.EMPTY, Value.of(bytes)));

        assertThat(values(storage.get(k))).containsExactly(Value.of(bytes));
    }

    @Test
    void aScanVisitsExactlyThePartitionsKeysInHashOrder() {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Key k = Key.of("key-" + i);
            keys.add(k);
            storage.put(k, version(storage, k, X, Context.EMPTY, text("v" + i)));
        }
        PartitionId p = PartitionId.of(3);
        List<Key> expected = keys.stream()
                .filter(k -> PARTITIONER.partitionOf(KeyHash.of(k.toByteArray())).equals(p))
                .sorted((a, b) -> KeyHash.of(a.toByteArray()).compareTo(KeyHash.of(b.toByteArray())))
                .toList();

        List<StoredKey> seen = new ArrayList<>();
        storage.scan(p, seen::add);

        assertThat(seen).extracting(StoredKey::key).containsExactlyElementsOf(expected);
        assertThat(seen).allSatisfy(s -> assertThat(s.siblings()).isEqualTo(storage.get(s.key())));
        assertThat(seen).allSatisfy(s -> assertThat(s.hash()).isEqualTo(KeyHash.of(s.key().toByteArray())));
    }

    @Test
    void statisticsCountKeysAndBytesPerPartition() {
        long total = 0;
        for (int i = 0; i < 200; i++) {
            Key k = Key.of("key-" + i);
            storage.put(k, version(storage, k, X, Context.EMPTY, text("value " + i)));
            storage.put(k, version(storage, k, X, Context.of(storage.get(k)), text("value " + i + " again")));
        }
        for (int p = 0; p < PARTITIONER.partitionCount(); p++) {
            List<StoredKey> seen = new ArrayList<>();
            storage.scan(PartitionId.of(p), seen::add);
            long bytes = seen.stream().mapToLong(s -> s.key().length() + SiblingCodec.encode(s.siblings()).length).sum();
            assertThat(storage.stats(PartitionId.of(p))).as("partition %d", p).isEqualTo(new PartitionStats(seen.size(), bytes));
            total += seen.size();
        }
        assertThat(total).isEqualTo(200);
    }

    @Test
    void droppingAPartitionForgetsOnlyItsKeys() {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Key k = Key.of("key-" + i);
            keys.add(k);
            storage.put(k, version(storage, k, X, Context.EMPTY, text("v")));
        }
        PartitionId dropped = PARTITIONER.partitionOf(KeyHash.of(keys.get(0).toByteArray()));

        storage.dropPartition(dropped);

        List<StoredKey> seen = new ArrayList<>();
        storage.scan(dropped, seen::add);
        assertThat(seen).isEmpty();
        assertThat(storage.stats(dropped)).isEqualTo(PartitionStats.EMPTY);
        for (Key k : keys) {
            boolean inDropped = PARTITIONER.partitionOf(KeyHash.of(k.toByteArray())).equals(dropped);
            assertThat(storage.get(k)).as("key %s", k).hasSize(inDropped ? 0 : 1);
        }
    }
}
