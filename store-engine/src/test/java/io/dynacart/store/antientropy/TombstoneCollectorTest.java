package io.dynacart.store.antientropy;

import static io.dynacart.store.antientropy.Replicas.after;
import static io.dynacart.store.antientropy.Replicas.replica;
import static io.dynacart.store.antientropy.Replicas.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.antientropy.ReplicaPeers.PartitionPeer;
import io.dynacart.store.antientropy.TombstoneAges.Verdict;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.time.OffLoop;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Tombstone collection: the decision table (pure), and the collector purging through storage. */
class TombstoneCollectorTest {

    private static final Partitioner PARTITIONER = new Partitioner(1);
    private static final PartitionId P = PartitionId.of(0);
    private static final NodeId B = NodeId.of("b");
    private static final NodeId C = NodeId.of("c");
    private static final long GRACE = 5_000;
    private static final OptionalLong NEVER = OptionalLong.empty();

    // ---- the rule: grace, then an exchange with every other replica that began after first seen

    @Test
    void theDecisionTable() {
        long seen = 100_000;
        record Row(long now, List<OptionalLong> exchanges, Verdict expected) {
        }
        List<Row> table = List.of(
                new Row(seen, List.of(at(seen + 1), at(seen + 1)), Verdict.IN_GRACE),
                new Row(seen + GRACE - 1, List.of(at(seen + 1), at(seen + 1)), Verdict.IN_GRACE),
                new Row(seen + GRACE, List.of(at(seen + 1), at(seen + 1)), Verdict.COLLECT),
                new Row(seen + GRACE, List.of(at(seen + 1), NEVER), Verdict.UNSEEN_BY_A_REPLICA),
                new Row(seen + GRACE, List.of(at(seen + 1), at(seen)), Verdict.UNSEEN_BY_A_REPLICA),
                new Row(seen + GRACE, List.of(at(seen - 1), at(seen + 9)), Verdict.UNSEEN_BY_A_REPLICA),
                new Row(seen + GRACE, List.of(), Verdict.COLLECT));
        for (Row row : table) {
            assertThat(TombstoneAges.judge(seen, row.now(), GRACE, row.exchanges()))
                    .as("a set first seen at %d, judged at %d with exchanges %s", seen, row.now(), row.exchanges())
                    .isEqualTo(row.expected());
        }
    }

    @Test
    void aSetIsAgedFromWhenItWasFirstSeenAndAChangeRestartsTheClock() {
        TombstoneAges ages = new TombstoneAges(GRACE);
        Key key = Key.of("k");
        Versioned<Value> stone = version("a", 1, null);
        List<OptionalLong> fresh = List.of(at(Long.MAX_VALUE - 1));

        assertThat(ages.rescan(P, Map.of(key, List.of(stone)), 0, fresh)).containsEntry(key, Verdict.FIRST_SEEN);
        assertThat(ages.rescan(P, Map.of(key, List.of(stone)), GRACE - 1, fresh)).containsEntry(key, Verdict.IN_GRACE);
        Versioned<Value> second = version("b", 1, null);
        assertThat(ages.rescan(P, Map.of(key, List.of(stone, second)), GRACE, fresh))
                .as("a tombstone added since is a new set: its age starts again").containsEntry(key, Verdict.FIRST_SEEN);
        assertThat(ages.rescan(P, Map.of(key, List.of(stone, second)), 2 * GRACE, fresh))
                .containsEntry(key, Verdict.COLLECT);
    }

    @Test
    void aValueAmongTheSiblingsKeepsTheKeyAndForgetsItsAge() {
        TombstoneAges ages = new TombstoneAges(GRACE);
        Key key = Key.of("k");
        Versioned<Value> stone = version("a", 1, null);
        ages.rescan(P, Map.of(key, List.of(stone)), 0, List.of());
        assertThat(ages.rescan(P, Map.of(key, List.of(stone, version("b", 1, "v"))), GRACE, List.of()))
                .containsEntry(key, Verdict.LIVE);
        assertThat(ages.tracked()).isZero();
        assertThat(ages.rescan(P, Map.of(key, List.of(stone)), 2 * GRACE, List.of()))
                .as("the same tombstone alone again is first seen again").containsEntry(key, Verdict.FIRST_SEEN);
    }

    @Test
    void expiredValuesAgeAndAreCollectedAsTombstonesAreAndAnUnexpiredOneKeepsTheKey() {
        TombstoneAges ages = new TombstoneAges(GRACE);
        Key key = Key.of("k");
        Versioned<Value> old = version("a", 1, "old");
        Versioned<Value> stone = version("b", 1, null);
        Expiry expiresAt1000 = (k, v, now) -> v.equals(old) && now >= 1_000;
        List<OptionalLong> fresh = List.of(at(Long.MAX_VALUE - 1));

        assertThat(ages.rescan(P, Map.of(key, List.of(old, stone)), 999, fresh, Long.MAX_VALUE, expiresAt1000))
                .as("not expired yet: a live value").containsEntry(key, Verdict.LIVE);
        assertThat(ages.rescan(P, Map.of(key, List.of(old, stone)), 1_000, fresh, Long.MAX_VALUE, expiresAt1000))
                .containsEntry(key, Verdict.FIRST_SEEN);
        assertThat(ages.rescan(P, Map.of(key, List.of(old, stone)), 1_000 + GRACE, fresh, Long.MAX_VALUE, expiresAt1000))
                .as("an expired value waits out the same grace as a tombstone").containsEntry(key, Verdict.COLLECT);
        assertThat(ages.rescan(P, Map.of(key, List.of(old)), 1_000 + GRACE, fresh))
                .as("without expiry the value is live").containsEntry(key, Verdict.LIVE);
    }

    // ---- the process

    private final SimScheduler sim = new SimScheduler();
    private final TreeMaintainingStorage storage = replica(PARTITIONER, 4);
    private static final long SETTLE = TombstoneCollector.HORIZON_SETTLE_MILLIS;
    private final Map<NodeId, Long> exchangeBegan = new HashMap<>();
    /** What the cluster's members report of their hints; by default no hint anywhere. */
    private long hintHorizon = Long.MAX_VALUE;

    private TombstoneCollector collector(int purgesPerScan) {
        return collector(purgesPerScan, OffLoop.inline());
    }

    private TombstoneCollector collector(int purgesPerScan, OffLoop offLoop) {
        TombstoneCollector c = new TombstoneCollector(new TombstoneConfig(GRACE, 1_000, purgesPerScan), storage,
                () -> List.of(new PartitionPeer(P, B), new PartitionPeer(P, C)),
                new TombstoneCollector.Evidence() {
                    @Override
                    public OptionalLong lastCompleted(PartitionId p, NodeId peer) {
                        return exchangeBegan.containsKey(peer) ? OptionalLong.of(exchangeBegan.get(peer)) : NEVER;
                    }

                    @Override
                    public long hintHorizon() {
                        return hintHorizon;
                    }
                },
                sim, sim.clock(), offLoop);
        c.start();
        return c;
    }

    private void everyReplicaExchangesNow() {
        exchangeBegan.put(B, sim.clock().nowMillis());
        exchangeBegan.put(C, sim.clock().nowMillis());
    }

    @Test
    void aTombstoneEveryReplicaHasExchangedSinceIsPurgedAfterTheGrace() {
        Key key = Key.of("gone");
        Versioned<Value> value = version("a", 1, "v");
        storage.put(key, value);
        storage.put(key, after(value, "a", null));
        TombstoneCollector collector = collector(100);

        sim.runFor(1_500); // first seen at the first scan
        everyReplicaExchangesNow();
        sim.runFor(GRACE - 1_000);
        assertThat(storage.get(key)).as("kept during the grace").hasSize(1);
        sim.runFor(2_000 + SETTLE);
        assertThat(storage.get(key)).as("purged once the grace passed and every replica exchanged").isEmpty();
        assertThat(collector.collected()).isEqualTo(1);
        assertThat(storage.index().root(P)).as("the tree forgot the key")
                .isEqualTo(replica(PARTITIONER, 4).index().root(P));
    }

    @Test
    void aTombstoneOneReplicaHasNotExchangedSinceIsKept() {
        Key key = Key.of("gone");
        storage.put(key, version("a", 1, null));
        exchangeBegan.put(B, sim.clock().nowMillis() + 60_000); // b is up to date...
        TombstoneCollector collector = collector(100);
        exchangeBegan.put(C, sim.clock().nowMillis()); // ...c's last exchange began before the tombstone was seen

        sim.runFor(10 * GRACE);
        assertThat(storage.get(key)).as("c may not hold the tombstone: purging could resurrect").hasSize(1);
        assertThat(collector.collected()).isZero();
    }

    @Test
    void aConcurrentWriteAfterTheTombstoneIsNotPurged() {
        Key key = Key.of("k");
        Versioned<Value> value = version("a", 1, "v");
        Versioned<Value> stone = after(value, "a", null);
        storage.put(key, value);
        storage.put(key, stone);
        TombstoneCollector collector = collector(100);
        sim.runFor(1_500);
        everyReplicaExchangesNow();
        sim.runFor(GRACE - 1_000);

        Versioned<Value> concurrent = after(value, "b", "written concurrently with the delete");
        storage.put(key, concurrent);
        sim.runFor(10 * GRACE);
        everyReplicaExchangesNow();
        sim.runFor(10 * GRACE);
        assertThat(storage.get(key)).as("a value among the siblings keeps the key, tombstone and all")
                .extracting(Versioned::dot).containsExactlyInAnyOrder(stone.dot(), concurrent.dot());
        assertThat(collector.collected()).isZero();
    }

    @Test
    void aScanPurgesAtMostItsBudget() {
        for (int i = 0; i < 5; i++) {
            storage.put(Key.of("k" + i), version("a", 1, null));
        }
        TombstoneCollector collector = collector(2);
        sim.runFor(1_500);
        everyReplicaExchangesNow();
        sim.runFor(GRACE + SETTLE); // the scan at grace + 1 s + the settle time is the first allowed to purge
        assertThat(collector.collected()).isEqualTo(2);
        sim.runFor(1_000);
        assertThat(collector.collected()).isEqualTo(4);
        sim.runFor(1_000);
        assertThat(collector.collected()).isEqualTo(5);
    }

    @Test
    void aTombstoneWaitsWhileAHintOfAVersionItCoversMayExist() {
        Key key = Key.of("gone");
        storage.put(key, version("a", 1, null));
        hintHorizon = 0; // a member keeps a hint of something written at the start of time
        TombstoneCollector collector = collector(100);
        sim.runFor(1_500);
        everyReplicaExchangesNow();
        sim.runFor(10 * GRACE);
        assertThat(storage.get(key)).as("a hint could bring back what the tombstone covers").hasSize(1);

        hintHorizon = sim.clock().nowMillis(); // every member has reported, and no hint is older than now
        sim.runFor(SETTLE - 1_000);
        assertThat(storage.get(key)).as("the horizon has not been past the tombstone for the settle time").hasSize(1);
        sim.runFor(2_000);
        assertThat(storage.get(key)).as("no hint anywhere can hold what the tombstone covers").isEmpty();
        assertThat(collector.collected()).isEqualTo(1);
    }

    @Test
    void aHorizonThatFallsBackBeforeTheSettleTimeStartsItAgain() {
        Key key = Key.of("gone");
        storage.put(key, version("a", 1, null));
        TombstoneCollector collector = collector(100);
        sim.runFor(1_500);
        everyReplicaExchangesNow();
        hintHorizon = 0;
        sim.runFor(GRACE + 1_000); // every replica holds it from here on
        hintHorizon = sim.clock().nowMillis();
        sim.runFor(SETTLE - 2_000);
        hintHorizon = 0; // a hint copied meanwhile shows in its new holder's report
        sim.runFor(2_000);
        hintHorizon = sim.clock().nowMillis();
        sim.runFor(SETTLE - 1_000);
        assertThat(storage.get(key)).as("the settle time began again").hasSize(1);
        sim.runFor(2_000);
        assertThat(storage.get(key)).isEmpty();
        assertThat(collector.collected()).isEqualTo(1);
    }

    @Test
    void theScanRunsOffTheLoopAndAWriteMadeMeanwhileKeepsItsKey() {
        Key key = Key.of("gone");
        Versioned<Value> value = version("a", 1, "v");
        Versioned<Value> stone = after(value, "a", null);
        storage.put(key, value);
        storage.put(key, stone);
        Deque<Runnable> worker = new ArrayDeque<>(); // scans wait here until the test runs them
        TombstoneCollector collector = collector(100, OffLoop.on(worker::add, sim));
        sim.runFor(1_500);
        assertThat(worker).as("the first tick handed its scan to the worker").hasSize(1);
        sim.runFor(10 * GRACE);
        assertThat(worker).as("no tick while a scan is in flight: scans never pile up").hasSize(1);
        worker.poll().run(); // the first scan: the ageing that follows, on the loop, sees the tombstone first
        sim.runFor(1_000);
        assertThat(worker).as("the next tick follows the last scan's ageing").hasSize(1);
        everyReplicaExchangesNow();
        sim.runFor(GRACE + SETTLE);

        worker.poll().run(); // this scan finds the tombstone alone, past its grace: its ageing will purge...
        Versioned<Value> concurrent = after(value, "b", "written while the scan ran");
        storage.put(key, concurrent); // ...but a write lands before the ageing runs on the loop
        sim.runFor(1);
        assertThat(storage.get(key)).as("the purge is conditional: the write made during the scan keeps the key")
                .extracting(Versioned::dot).containsExactlyInAnyOrder(stone.dot(), concurrent.dot());
        assertThat(collector.collected()).isZero();
    }

    private static OptionalLong at(long millis) {
        return OptionalLong.of(millis);
    }
}
