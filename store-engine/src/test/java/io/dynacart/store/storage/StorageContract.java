package io.dynacart.store.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    /** Nodes that are down, for which this storage keeps hints. */
    static final NodeId DOWN = NodeId.of("down");
    static final NodeId ALSO_DOWN = NodeId.of("also-down");

    protected Storage storage;
    /** Where the versions handed to this storage as hints are coordinated: a storage of their own. */
    private final MemoryStorage coordinator = new MemoryStorage(PARTITIONER);

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
    void mergeNoWaitStoresAtOnceAndReportsTheWriteDurable() throws Exception {
        Key k = Key.of("no-wait");
        for (boolean forced : new boolean[] {false, true}) {
            Versioned<Value> v = version(storage, k, X, Context.of(storage.get(k)), text("forced " + forced));
            Merged merged = storage.mergeNoWait(k, List.of(v), forced);
            assertThat(merged.siblings()).as("what the key holds now").containsExactly(v);
            assertThat(storage.get(k)).as("every later read sees it, durable or not yet").containsExactly(v);
            CountDownLatch durable = new CountDownLatch(1);
            merged.whenDurable(Runnable::run, durable::countDown, e -> { });
            assertThat(durable.await(30, TimeUnit.SECONDS)).as("forced=%s: the write becomes durable", forced).isTrue();
        }
        Merged again = storage.mergeNoWait(k, storage.get(k), true);
        assertThat(again.siblings()).as("a merge that changes nothing returns what is held").isEqualTo(storage.get(k));
        CountDownLatch durable = new CountDownLatch(1);
        again.whenDurable(Runnable::run, durable::countDown, e -> { });
        assertThat(durable.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void purgeForgetsAKeyThatHoldsExactlyTheExpectedTombstone() {
        Key k = Key.of("deleted");
        storage.put(k, version(storage, k, X, Context.EMPTY, text("v")));
        List<Versioned<Value>> deleted = storage.put(k, version(storage, k, X, Context.of(storage.get(k)), Value.TOMBSTONE));
        long bytesBefore = storage.stats(PARTITIONER.partitionOf(KeyHash.of(k))).bytes();

        assertThat(storage.purge(k, deleted)).as("a tombstone seen everywhere may go").isTrue();
        assertThat(storage.get(k)).isEmpty();
        assertThat(storage.stats(PARTITIONER.partitionOf(KeyHash.of(k))).keys()).isZero();
        assertThat(bytesBefore).isPositive();
        assertThat(storage.stats(PARTITIONER.partitionOf(KeyHash.of(k))).bytes()).isZero();
        List<StoredKey> scanned = new ArrayList<>();
        storage.scan(PARTITIONER.partitionOf(KeyHash.of(k)), scanned::add);
        assertThat(scanned).as("a purged key is not scanned").isEmpty();
    }

    @Test
    void purgeKeepsAValueOrAVersionWrittenSinceTheTombstoneWasSeen() {
        Key valued = Key.of("valued");
        List<Versioned<Value>> value = storage.put(valued, version(storage, valued, X, Context.EMPTY, text("v")));
        assertThat(storage.purge(valued, value)).as("a live value is never purged").isFalse();
        assertThat(values(storage.get(valued))).containsExactly(text("v"));

        Key k = Key.of("deleted-then-written");
        List<Versioned<Value>> tombstone = storage.put(k, version(storage, k, X, Context.EMPTY, Value.TOMBSTONE));
        storage.put(k, version(storage, k, Y, Context.EMPTY, text("concurrent")));
        assertThat(storage.purge(k, tombstone)).as("the set changed since it was seen").isFalse();
        assertThat(values(storage.get(k))).containsExactlyInAnyOrder(Value.TOMBSTONE, text("concurrent"));
    }

    @Test
    void purgeForgetsValuesTheCallerJudgesExpiredAndKeepsAKeyWithOneThatIsNot() {
        Key k = Key.of("expired");
        storage.put(k, version(storage, k, X, Context.EMPTY, text("old")));
        List<Versioned<Value>> both = storage.put(k, version(storage, k, Y, Context.EMPTY, Value.TOMBSTONE));
        Versioned<Value> old = both.stream().filter(v -> v.value() instanceof Value.Bytes).findFirst().orElseThrow();

        assertThat(storage.purge(k, both, v -> false)).as("a value not expired is live").isFalse();
        assertThat(storage.get(k)).hasSize(2);
        assertThat(storage.purge(k, both, v -> v.equals(old))).as("an expired value is as dead as a tombstone")
                .isTrue();
        assertThat(storage.get(k)).isEmpty();
        assertThat(storage.stats(PARTITIONER.partitionOf(KeyHash.of(k))).keys()).isZero();
    }

    @Test
    void aPurgedKeyCanBeWrittenAgain() {
        Key k = Key.of("again");
        List<Versioned<Value>> tombstone = storage.put(k, version(storage, k, X, Context.EMPTY, Value.TOMBSTONE));
        assertThat(storage.purge(k, tombstone)).isTrue();
        Versioned<Value> fresh = version(storage, k, Y, Context.EMPTY, text("new"));
        assertThat(storage.put(k, fresh)).containsExactly(fresh);
        assertThat(storage.stats(PARTITIONER.partitionOf(KeyHash.of(k))).keys()).isEqualTo(1);
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

    /** Thirteen concurrent 1 MiB values: a set no log record holds (the sibling caps keep real ones far below). */
    private static List<Versioned<Value>> pastTheLogRecordLimit(Key k) {
        List<Versioned<Value>> versions = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            DottedVersionVector v = DottedVersionVector.forWrite(NodeId.of("w" + i), 1_000, Context.EMPTY, List.of(),
                    VectorClock.DEFAULT_MAX_ENTRIES);
            versions.add(new Versioned<>(v, Value.of(new byte[Value.MAX_BYTES])));
        }
        return versions;
    }

    @Test
    void aSiblingSetPastTheLogRecordLimitIsRefusedAndNothingIsWritten() {
        Key k = Key.of("huge");
        storage.put(k, version(storage, k, X, Context.EMPTY, text("small")));
        PartitionId p = PARTITIONER.partitionOf(KeyHash.of(k.toByteArray()));
        PartitionStats before = storage.stats(p);

        assertThatThrownBy(() -> storage.merge(k, pastTheLogRecordLimit(k))).isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("past its record limit of 12582912 bytes; nothing was written");
        assertThatThrownBy(() -> storage.hints().put(DOWN, k, pastTheLogRecordLimit(k)))
                .isInstanceOf(RecordTooLargeException.class);
        assertThat(values(storage.get(k))).containsExactly(text("small"));
        assertThat(storage.stats(p)).isEqualTo(before);
        assertThat(storage.hints().counts()).isEmpty();
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

    @Test
    void forgettingAPartitionGoesABatchAtATimeAndTouchesNeitherOtherPartitionsNorHints() {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Key k = Key.of("key-" + i);
            keys.add(k);
            storage.put(k, version(storage, k, X, Context.EMPTY, text("v" + i)));
        }
        PartitionId gone = PARTITIONER.partitionOf(KeyHash.of(keys.get(0).toByteArray()));
        List<Key> inGone = keys.stream().filter(k -> PARTITIONER.partitionOf(KeyHash.of(k.toByteArray())).equals(gone))
                .toList();
        assertThat(inGone).hasSizeGreaterThan(2);
        Key hinted = inGone.get(0);
        Versioned<Value> hint = coordinated(hinted, Y, Context.EMPTY, text("hinted"));
        storage.hints().put(DOWN, hinted, List.of(hint));
        PartitionStats before = storage.stats(gone);

        ForgottenKeys first = storage.forget(gone, 2);
        assertThat(first.keys()).as("a batch of at most two keys").hasSize(2);
        assertThat(first.keysLeft()).isEqualTo(inGone.size() - 2);
        List<Key> forgotten = new ArrayList<>(first.keys());
        long bytes = first.bytes();
        ForgottenKeys next;
        do {
            next = storage.forget(gone, 2);
            forgotten.addAll(next.keys());
            bytes += next.bytes();
        } while (!next.keys().isEmpty());

        assertThat(forgotten).containsExactlyInAnyOrderElementsOf(inGone);
        assertThat(bytes).as("the bytes forgotten are what the partition's statistics counted").isEqualTo(before.bytes());
        assertThat(storage.stats(gone)).isEqualTo(PartitionStats.EMPTY);
        assertThat(next.keysLeft()).isZero();
        for (Key k : keys) {
            assertThat(storage.get(k)).as("key %s", k).hasSize(inGone.contains(k) ? 0 : 1);
        }
        assertThat(storage.hints().forKey(hinted)).as("a hint of a forgotten key stays").containsExactly(hint);
        assertThatThrownBy(() -> storage.forget(gone, 0)).isInstanceOf(IllegalArgumentException.class);

        storage.put(hinted, version(storage, hinted, X, Context.EMPTY, text("written after")));
        assertThat(storage.stats(gone).keys()).as("a key written after its partition was forgotten is kept").isEqualTo(1);
        assertThat(storage.forget(gone, 10).keys()).containsExactly(hinted);
    }

    // Hinted handoff

    /** A version coordinated elsewhere, by a storage that holds the key and so issues fresh dots: a hint's origin. */
    private Versioned<Value> coordinated(Key key, NodeId at, Context context, Value value) {
        Versioned<Value> v = version(coordinator, key, at, context, value);
        coordinator.put(key, v);
        return v;
    }

    private List<Versioned<Value>> hintOf(NodeId intendedFor, Key key) {
        return storage.hints().forNode(intendedFor, Integer.MAX_VALUE).stream().filter(h -> h.key().equals(key))
                .map(StoredHint::siblings).findFirst().orElse(List.of());
    }

    @Test
    void aHintIsHeldForItsIntendedNodeAndCounted() {
        Key k = Key.of("cart:1");
        Versioned<Value> v = coordinated(k, X, Context.EMPTY, text("apple"));

        storage.hints().put(DOWN, k, List.of(v));

        assertThat(storage.hints().forNode(DOWN, 10)).containsExactly(new StoredHint(DOWN, k, List.of(v)));
        assertThat(storage.hints().counts()).containsExactly(entry(DOWN, 1L));
        assertThat(storage.hints().forKey(k)).containsExactly(v);
        assertThat(storage.hints().forNode(ALSO_DOWN, 10)).as("a hint is held for its intended node only").isEmpty();
        assertThat(storage.hints().forKey(Key.of("cart:2"))).isEmpty();
    }

    @Test
    void hintsForOneNodeAndKeyReconcile() {
        Key k = Key.of("k");
        Versioned<Value> a = coordinated(k, X, Context.EMPTY, text("a"));
        Versioned<Value> b = coordinated(k, X, Context.EMPTY, text("b"));
        storage.hints().put(DOWN, k, List.of(a));
        storage.hints().put(DOWN, k, List.of(b));
        assertThat(hintOf(DOWN, k)).as("concurrent versions hinted one after the other are both kept")
                .containsExactlyInAnyOrder(a, b);

        Versioned<Value> merged = coordinated(k, Y, Context.of(List.of(a, b)), text("a+b"));
        storage.hints().put(DOWN, k, List.of(merged));
        assertThat(hintOf(DOWN, k)).as("a descendant replaces its ancestors").containsExactly(merged);

        storage.hints().put(DOWN, k, List.of(a));
        assertThat(hintOf(DOWN, k)).as("a stale version changes nothing").containsExactly(merged);
        assertThat(storage.hints().counts()).containsExactly(entry(DOWN, 1L));
    }

    @Test
    void hintsForDifferentIntendedNodesAreSeparate() {
        Key k = Key.of("k");
        Versioned<Value> a = coordinated(k, X, Context.EMPTY, text("a"));
        Versioned<Value> b = coordinated(k, Y, Context.EMPTY, text("b"));
        storage.hints().put(DOWN, k, List.of(a));
        storage.hints().put(ALSO_DOWN, k, List.of(b));

        assertThat(storage.hints().forNode(DOWN, 10)).containsExactly(new StoredHint(DOWN, k, List.of(a)));
        assertThat(storage.hints().forNode(ALSO_DOWN, 10)).containsExactly(new StoredHint(ALSO_DOWN, k, List.of(b)));
        assertThat(storage.hints().counts()).containsExactly(entry(ALSO_DOWN, 1L), entry(DOWN, 1L));
        assertThat(storage.hints().forKey(k)).as("the hints of a key for every node, reconciled")
                .containsExactlyInAnyOrder(a, b);

        assertThat(storage.hints().delete(DOWN, k, List.of(a))).isTrue();
        assertThat(storage.hints().forNode(ALSO_DOWN, 10)).as("deleting one node's hint keeps the other's")
                .containsExactly(new StoredHint(ALSO_DOWN, k, List.of(b)));
        assertThat(storage.hints().counts()).containsExactly(entry(ALSO_DOWN, 1L));
        assertThat(storage.hints().forKey(k)).containsExactly(b);
    }

    @Test
    void deletingExactlyTheDeliveredVersionsRemovesTheHint() {
        Key k = Key.of("k");
        Versioned<Value> a = coordinated(k, X, Context.EMPTY, text("a"));
        Versioned<Value> b = coordinated(k, Y, Context.EMPTY, text("b"));
        storage.hints().put(DOWN, k, List.of(a, b));

        assertThat(storage.hints().delete(DOWN, k, List.of(b, a)))
                .as("delivered versions are compared by dot, in any order").isTrue();

        assertThat(storage.hints().forNode(DOWN, 10)).isEmpty();
        assertThat(storage.hints().counts()).isEmpty();
        assertThat(storage.hints().forKey(k)).isEmpty();
        assertThat(storage.hints().delete(DOWN, k, List.of(a, b)))
                .as("a hint already deleted is not deleted again").isFalse();
    }

    @Test
    void aHintMergedSinceItWasReadIsNotDeleted() {
        Key k = Key.of("k");
        Versioned<Value> a = coordinated(k, X, Context.EMPTY, text("a"));
        storage.hints().put(DOWN, k, List.of(a));
        List<Versioned<Value>> delivered = storage.hints().forNode(DOWN, 10).get(0).siblings();
        Versioned<Value> b = coordinated(k, Y, Context.EMPTY, text("b"));
        storage.hints().put(DOWN, k, List.of(b));

        assertThat(storage.hints().delete(DOWN, k, delivered)).as("a newer version arrived after delivery").isFalse();
        assertThat(hintOf(DOWN, k)).as("the hint stays, to be delivered again").containsExactlyInAnyOrder(a, b);

        Versioned<Value> merged = coordinated(k, X, Context.of(List.of(a, b)), text("a+b"));
        storage.hints().put(DOWN, k, List.of(merged));
        assertThat(storage.hints().delete(DOWN, k, List.of(a, b))).as("a descendant arrived after delivery").isFalse();
        assertThat(hintOf(DOWN, k)).containsExactly(merged);
        assertThat(storage.hints().delete(DOWN, Key.of("never hinted"), List.of(a))).isFalse();
        assertThat(storage.hints().delete(ALSO_DOWN, k, List.of(merged)))
                .as("another node's hint is not this one").isFalse();
        assertThat(storage.hints().counts()).containsExactly(entry(DOWN, 1L));
    }

    @Test
    void hintsReturnAtMostTheLimit() {
        for (int i = 0; i < 25; i++) {
            Key k = Key.of("key-" + i);
            storage.hints().put(DOWN, k, List.of(coordinated(k, X, Context.EMPTY, text("v" + i))));
        }
        for (int i = 0; i < 3; i++) {
            Key k = Key.of("key-" + i);
            storage.hints().put(ALSO_DOWN, k, List.of(coordinated(k, Y, Context.EMPTY, text("w" + i))));
        }

        List<StoredHint> ten = storage.hints().forNode(DOWN, 10);
        assertThat(ten).hasSize(10).allSatisfy(h -> assertThat(h.intendedFor()).isEqualTo(DOWN));
        assertThat(new HashSet<>(ten.stream().map(StoredHint::key).toList())).hasSize(10);
        assertThat(storage.hints().forNode(DOWN, 100)).hasSize(25);
        assertThat(storage.hints().forNode(DOWN, 0)).isEmpty();
        assertThat(storage.hints().counts()).containsExactly(entry(ALSO_DOWN, 3L), entry(DOWN, 25L));
    }

    @Test
    void hintsAreNotData() {
        Key hinted = Key.of("hinted");
        Key stored = Key.of("stored");
        storage.hints().put(DOWN, hinted, List.of(coordinated(hinted, X, Context.EMPTY, text("h"))));
        Versioned<Value> data = version(storage, stored, X, Context.EMPTY, text("d"));
        storage.put(stored, data);

        assertThat(storage.get(hinted)).as("a hint is not a replica of the key").isEmpty();
        assertThat(storage.hints().forKey(stored)).as("data is not a hint").isEmpty();
        long keys = 0;
        for (int p = 0; p < PARTITIONER.partitionCount(); p++) {
            List<StoredKey> seen = new ArrayList<>();
            storage.scan(PartitionId.of(p), seen::add);
            assertThat(seen).extracting(StoredKey::key).doesNotContain(hinted);
            keys += storage.stats(PartitionId.of(p)).keys();
        }
        assertThat(keys).as("statistics count data keys only").isEqualTo(1);
    }

    @Test
    void anOversizedHintIsRejectedAndNothingIsWritten() {
        Key k = Key.of("big");
        Versioned<Value> small = coordinated(k, X, Context.EMPTY, text("small"));
        storage.hints().put(DOWN, k, List.of(small));
        Versioned<Value> tooBig = version(coordinator, k, Y, Context.EMPTY, Value.of(new byte[Value.MAX_BYTES + 1]));

        assertThatThrownBy(() -> storage.hints().put(DOWN, k, List.of(tooBig)))
                .isInstanceOf(ValueTooLargeException.class);
        assertThatThrownBy(() -> storage.hints().put(ALSO_DOWN, k, List.of(tooBig)))
                .isInstanceOf(ValueTooLargeException.class);
        assertThat(hintOf(DOWN, k)).containsExactly(small);
        assertThat(storage.hints().counts()).containsExactly(entry(DOWN, 1L));
    }

    @Test
    void anEmptyHintHoldsNothing() {
        storage.hints().put(DOWN, Key.of("k"), List.of());

        assertThat(storage.hints().counts()).isEmpty();
        assertThat(storage.hints().forNode(DOWN, 10)).isEmpty();
    }

    @Test
    void concurrentHintsForOneNodeAndKeyAreAllKept() throws Exception {
        Key k = Key.of("k");
        int threads = 6;
        int each = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                NodeId writer = NodeId.of("w" + t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= each; i++) {
                        DottedVersionVector dot = new DottedVersionVector(new Dot(writer, i, 1_000), VectorClock.EMPTY);
                        Versioned<Value> blind = new Versioned<>(dot, text(writer + "-" + i));
                        storage.hints().put(DOWN, k, List.of(blind));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(hintOf(DOWN, k)).as("every concurrent hint of one node and key survives").hasSize(threads * each);
    }
}
