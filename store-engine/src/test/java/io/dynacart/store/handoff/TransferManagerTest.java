package io.dynacart.store.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.handoff.TransferCluster.Peer;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.StoredKey;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Seed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Partition transfer between nodes in virtual time: what arrives, over a lossy network, from whom, how fast. */
class TransferManagerTest {

    private static final PartitionId P = PartitionId.of(3);
    private static final TransferConfig SMALL_CHUNKS = new TransferConfig(2, 8 << 10, 500, 3);

    @Test
    void copiesEveryKeyOfThePartitionMergedWithWhatTheReceiverHad() {
        TransferCluster cluster = new TransferCluster(1);
        Peer source = cluster.add("n1", SMALL_CHUNKS);
        Peer receiver = cluster.add("n4", SMALL_CHUNKS);
        SplittableRandom random = new SplittableRandom(11);
        Map<Key, List<Versioned<Value>>> data = TransferData.fillSource(source.storage(), TransferData.keysIn(P, 1000, "k"), random);
        TransferData.fillSource(source.storage(), TransferData.keysIn(PartitionId.of(4), 50, "other"), random);
        TransferData.fillReceiver(receiver.storage(), data, random);
        Map<Key, List<Versioned<Value>>> before = contents(receiver);

        receiver.manager().receive(List.of(new Incoming(P, List.of(source.id()))));
        cluster.runUntilSettled(receiver, 60_000);

        assertThat(receiver.outcomes()).singleElement().isInstanceOf(TransferOutcome.Received.class);
        assertCopied(data, before, receiver);
        assertThat(receiver.storage().stats(PartitionId.of(4)).keys()).as("only the partition asked for moves").isZero();
        long concurrentKept = data.keySet().stream().filter(k -> receiver.storage().get(k).size() > data.get(k).size()).count();
        assertThat(concurrentKept).as("keys where the receiver's concurrent version sits beside the source's").isPositive();
    }

    @Test
    void aTransferIsDoneOnlyOnceWhatItMergedIsDurableAndTheLoopNeverWaitsForTheDisk() {
        TransferCluster cluster = new TransferCluster(21);
        Peer source = cluster.add("n1", SMALL_CHUNKS);
        HeldDiskStorage[] disk = new HeldDiskStorage[1];
        Peer receiver = cluster.add("n4", SMALL_CHUNKS, storage -> disk[0] = new HeldDiskStorage(storage));
        Map<Key, List<Versioned<Value>>> data = TransferData.fillSource(source.storage(),
                TransferData.keysIn(P, 200, "k"), new SplittableRandom(21));

        receiver.manager().receive(List.of(new Incoming(P, List.of(source.id()))));
        cluster.sim.runFor(30_000); // virtual: the event loop ran every chunk with the disk held

        assertCopied(data, Map.of(), receiver);
        assertThat(receiver.outcomes()).as("merged but not durable: not done, so the old owner keeps its copy")
                .isEmpty();
        assertThat(receiver.manager().progress().inFlight()).isEqualTo(1);

        disk[0].flush();
        cluster.runUntilSettled(receiver, 1_000);
        assertThat(receiver.outcomes()).singleElement().isInstanceOf(TransferOutcome.Received.class);
    }

    @Test
    void aTransferWhoseMergesNeverReachTheDiskFails() {
        TransferCluster cluster = new TransferCluster(22);
        Peer source = cluster.add("n1", SMALL_CHUNKS);
        HeldDiskStorage[] disk = new HeldDiskStorage[1];
        Peer receiver = cluster.add("n4", SMALL_CHUNKS, storage -> disk[0] = new HeldDiskStorage(storage));
        TransferData.fillSource(source.storage(), TransferData.keysIn(P, 50, "k"), new SplittableRandom(22));

        receiver.manager().receive(List.of(new Incoming(P, List.of(source.id()))));
        cluster.sim.runFor(30_000);
        disk[0].breakDisk();
        cluster.runUntilSettled(receiver, 1_000);

        assertThat(receiver.outcomes()).singleElement().isInstanceOfSatisfying(TransferOutcome.Failed.class,
                f -> assertThat(f.reason()).contains("did not reach the disk"));
    }

    @Test
    void resumesAfterDroppedDuplicatedAndDelayedMessages() {
        long seed = Seed.of("transfer", TransferManagerTest.class).value();
        TransferCluster cluster = new TransferCluster(seed);
        TransferConfig patient = new TransferConfig(2, 8 << 10, 500, 1_000);
        Peer source = cluster.add("n1", patient);
        Peer receiver = cluster.add("n4", patient);
        Map<Key, List<Versioned<Value>>> data = TransferData.fillSource(source.storage(),
                TransferData.keysIn(P, 1000, "k"), new SplittableRandom(seed));
        cluster.network.dropRate(0.25);
        cluster.network.duplicateRate(0.2);
        cluster.network.delay(0, 700);

        receiver.manager().receive(List.of(new Incoming(P, List.of(source.id()))));
        cluster.runUntilSettled(receiver, 600_000);

        assertThat(receiver.outcomes()).as("seed %d", seed).singleElement().isInstanceOf(TransferOutcome.Received.class);
        assertCopied(data, Map.of(), receiver);
        System.out.printf("lossy transfer (seed %d): %s, %d keys merged for 1000 stored, done at %d virtual ms%n",
                seed, cluster.network.stats(), receiver.manager().progress().keysMoved(), cluster.sim.now());
        assertThat(cluster.network.stats().droppedAtRandom()).as("the network did drop messages (seed %d)", seed).isPositive();
        assertThat(cluster.network.stats().delayed()).as("and delayed some past the timeout").isPositive();
    }

    @Test
    void aSilentSourceIsLeftForTheNextAfterItsAttempts() {
        TransferCluster cluster = new TransferCluster(2);
        Peer source = cluster.add("n2", SMALL_CHUNKS);
        Peer receiver = cluster.add("n4", SMALL_CHUNKS);
        Map<Key, List<Versioned<Value>>> data = TransferData.fillSource(source.storage(),
                TransferData.keysIn(P, 200, "k"), new SplittableRandom(2));
        NodeId silent = NodeId.of("n1");

        receiver.manager().receive(List.of(new Incoming(P, List.of(silent, source.id()))));
        cluster.runUntilSettled(receiver, 60_000);

        assertThat(receiver.outcomes()).singleElement().isInstanceOf(TransferOutcome.Received.class);
        assertCopied(data, Map.of(), receiver);
        assertThat(cluster.sim.now()).as("three timeouts of 500 ms passed before the next source was asked")
                .isGreaterThanOrEqualTo(1_500);
    }

    @Test
    void aTransferWhoseSourcesAreAllSilentFailsAfterEveryAttempt() {
        TransferCluster cluster = new TransferCluster(3);
        Peer receiver = cluster.add("n4", SMALL_CHUNKS);

        receiver.manager().receive(List.of(new Incoming(P, List.of(NodeId.of("n1"), NodeId.of("n2")))));
        cluster.runUntilSettled(receiver, 60_000);

        assertThat(receiver.outcomes()).singleElement().isInstanceOfSatisfying(TransferOutcome.Failed.class,
                f -> assertThat(f.reason()).contains("n1", "n2"));
        assertThat(cluster.sim.now()).as("2 sources x 3 attempts x 500 ms").isBetween(3_000L, 3_100L);
        assertThat(receiver.manager().progress()).extracting(TransferProgress::failed, TransferProgress::total)
                .containsExactly(1, 1);
    }

    /**
     * A ring change that replaces two of the partition's three primaries (zones make that possible):
     * the one asked first, which stays, missed writes that only the two leaving it hold (a write
     * acknowledged by W=2 of them while it was cut off). The receiver reads both whole too; without
     * that, those writes would be on no primary once the ring switches.
     */
    @Test
    void whenTwoPrimariesLeaveThePartitionEachIsReadWholeAfterTheFirstPass() {
        TransferCluster cluster = new TransferCluster(9);
        Peer staying = cluster.add("n1", SMALL_CHUNKS);
        Peer leavingA = cluster.add("n2", SMALL_CHUNKS);
        Peer leavingB = cluster.add("n3", SMALL_CHUNKS);
        Peer receiver = cluster.add("n4", SMALL_CHUNKS);
        List<Key> keys = TransferData.keysIn(P, 120, "k");
        Map<Key, List<Versioned<Value>>> data = new HashMap<>(
                TransferData.fillSource(staying.storage(), keys.subList(0, 100), new SplittableRandom(9)));
        data.putAll(TransferData.fillSource(leavingA.storage(), keys.subList(100, 110), new SplittableRandom(10)));
        data.putAll(TransferData.fillSource(leavingB.storage(), keys.subList(110, 120), new SplittableRandom(11)));

        receiver.manager().receive(List.of(new Incoming(P, List.of(staying.id(), leavingA.id(), leavingB.id()),
                List.of(leavingA.id(), leavingB.id()))));
        cluster.runUntilSettled(receiver, 60_000);

        assertThat(receiver.outcomes()).singleElement().isInstanceOf(TransferOutcome.Received.class);
        assertCopied(data, Map.of(), receiver);
    }

    /** A leaving primary that never answers its sweep is skipped: a node down for good must not hold a leave up. */
    @Test
    void aSweepWhoseSourceIsSilentIsSkippedAndTheTransferEnds() {
        TransferCluster cluster = new TransferCluster(10);
        Peer source = cluster.add("n1", SMALL_CHUNKS);
        Peer leaving = cluster.add("n2", SMALL_CHUNKS);
        Peer receiver = cluster.add("n4", SMALL_CHUNKS);
        List<Key> keys = TransferData.keysIn(P, 60, "k");
        Map<Key, List<Versioned<Value>>> data = new HashMap<>(
                TransferData.fillSource(source.storage(), keys.subList(0, 50), new SplittableRandom(12)));
        data.putAll(TransferData.fillSource(leaving.storage(), keys.subList(50, 60), new SplittableRandom(13)));
        NodeId gone = NodeId.of("n3");

        receiver.manager().receive(List.of(new Incoming(P, List.of(source.id(), gone, leaving.id()),
                List.of(gone, leaving.id()))));
        cluster.runUntilSettled(receiver, 60_000);

        assertThat(receiver.outcomes()).singleElement().isInstanceOf(TransferOutcome.Received.class);
        assertCopied(data, Map.of(), receiver);
        assertThat(cluster.sim.now()).as("three timeouts of 500 ms for the silent one").isGreaterThanOrEqualTo(1_500);
    }

    @Test
    void aSourceThatRefusesIsLeftAtOnce() {
        TransferCluster cluster = new TransferCluster(4);
        Peer refusing = cluster.add("n1", SMALL_CHUNKS, TransferThrottle.unlimited(), p -> false);
        Peer source = cluster.add("n2", SMALL_CHUNKS);
        Peer receiver = cluster.add("n4", SMALL_CHUNKS);
        TransferData.fillSource(refusing.storage(), TransferData.keysIn(P, 10, "k"), new SplittableRandom(4));
        Map<Key, List<Versioned<Value>>> data = TransferData.fillSource(source.storage(),
                TransferData.keysIn(P, 100, "k"), new SplittableRandom(5));

        receiver.manager().receive(List.of(new Incoming(P, List.of(refusing.id(), source.id()))));
        cluster.runUntilSettled(receiver, 60_000);

        assertThat(receiver.outcomes()).singleElement().isInstanceOf(TransferOutcome.Received.class);
        assertCopied(data, Map.of(), receiver);
        assertThat(cluster.sim.now()).as("no timeout was waited for").isLessThan(500);
    }

    @Test
    void theThrottleBoundsBytesPerVirtualSecond() {
        long rate = 40_000;
        long burst = 10_000;
        TransferConfig oneAtATime = new TransferConfig(1, 4_000, 2_000, 3);
        TransferCluster cluster = new TransferCluster(5);
        Peer source = cluster.add("n1", oneAtATime);
        Peer receiver = cluster.add("n4", oneAtATime, new TransferThrottle(cluster.sim.clock(), rate, burst), p -> true);
        TransferData.fillSource(source.storage(), TransferData.keysIn(P, 1000, "k"), new SplittableRandom(6));
        long total = source.storage().stats(P).bytes();

        receiver.manager().receive(List.of(new Incoming(P, List.of(source.id()))));
        List<Long> movedEach100Millis = new ArrayList<>();
        while (receiver.manager().progress().done() == 0 && cluster.sim.now() < 120_000) {
            movedEach100Millis.add(receiver.manager().progress().bytesMoved());
            cluster.sim.runFor(100);
        }
        movedEach100Millis.add(receiver.manager().progress().bytesMoved());

        long largestChunk = 4_000 + 2_000;
        for (int i = 10; i < movedEach100Millis.size(); i++) {
            long inOneSecond = movedEach100Millis.get(i) - movedEach100Millis.get(i - 10);
            assertThat(inOneSecond).as("bytes moved in the second ending at %d ms", i * 100)
                    .isLessThanOrEqualTo(rate + burst + largestChunk);
        }
        System.out.printf("throttled transfer: %d bytes, %d keys in %d virtual ms at %d bytes/s (burst %d)%n",
                total, receiver.manager().progress().keysMoved(), cluster.sim.now(), rate, burst);
        assertThat(receiver.manager().progress().bytesMoved()).isEqualTo(total);
        assertThat(cluster.sim.now()).as("%d bytes at %d bytes/s", total, rate)
                .isGreaterThanOrEqualTo((total - burst - largestChunk) * 1000 / rate);
    }

    @Test
    void withoutAThrottleTheSameTransferTakesWellUnderASecond() {
        TransferConfig oneAtATime = new TransferConfig(1, 4_000, 2_000, 3);
        TransferCluster cluster = new TransferCluster(5);
        Peer source = cluster.add("n1", oneAtATime);
        Peer receiver = cluster.add("n4", oneAtATime);
        TransferData.fillSource(source.storage(), TransferData.keysIn(P, 1000, "k"), new SplittableRandom(6));

        receiver.manager().receive(List.of(new Incoming(P, List.of(source.id()))));
        cluster.runUntilSettled(receiver, 60_000);

        assertThat(receiver.manager().progress().done()).isEqualTo(1);
        assertThat(cluster.sim.now()).as("the throttle test's bound is the throttle's doing").isLessThan(1_000);
    }

    @Test
    void progressAddsUpAtEveryStepAndTheEstimateReachesZero() {
        TransferCluster cluster = new TransferCluster(6);
        Peer source = cluster.add("n1", SMALL_CHUNKS);
        Peer receiver = cluster.add("n4", SMALL_CHUNKS, new TransferThrottle(cluster.sim.clock(), 200_000, 20_000), p -> true);
        List<Incoming> incoming = new ArrayList<>();
        long keys = 0;
        for (int p = 0; p < 5; p++) {
            TransferData.fillSource(source.storage(), TransferData.keysIn(PartitionId.of(p), 100 + 50 * p, "k"),
                    new SplittableRandom(p));
            incoming.add(new Incoming(PartitionId.of(p), List.of(source.id())));
            keys += 100 + 50 * p;
        }

        receiver.manager().receive(incoming);
        boolean sawEstimate = false;
        while (receiver.manager().progress().done() < 5 && cluster.sim.now() < 60_000) {
            TransferProgress progress = receiver.manager().progress();
            assertThat(progress.pending() + progress.inFlight() + progress.done()).as("every partition counted once: %s", progress)
                    .isEqualTo(5);
            assertThat(progress.inFlight()).as("at most maxConcurrent in flight").isLessThanOrEqualTo(2);
            sawEstimate |= progress.done() > 0 && progress.estimatedRemaining().filter(d -> d.toMillis() > 0).isPresent();
            cluster.sim.runFor(20);
        }

        TransferProgress end = receiver.manager().progress();
        assertThat(end).extracting(TransferProgress::pending, TransferProgress::inFlight, TransferProgress::done,
                TransferProgress::failed).containsExactly(0, 0, 5, 0);
        assertThat(end.keysMoved()).isEqualTo(keys);
        assertThat(end.estimatedRemaining()).contains(Duration.ZERO);
        assertThat(sawEstimate).as("a positive estimate was given while partitions remained").isTrue();
        assertThat(receiver.outcomes()).hasSize(5).allMatch(o -> o instanceof TransferOutcome.Received);
    }

    @Test
    void askingAgainForAPartitionInFlightOrReceivedDoesNothing() {
        TransferCluster cluster = new TransferCluster(7);
        Peer source = cluster.add("n1", SMALL_CHUNKS);
        Peer receiver = cluster.add("n4", SMALL_CHUNKS);
        TransferData.fillSource(source.storage(), TransferData.keysIn(P, 300, "k"), new SplittableRandom(7));
        Incoming incoming = new Incoming(P, List.of(source.id()));

        receiver.manager().receive(List.of(incoming));
        receiver.manager().receive(List.of(incoming, incoming));
        assertThat(receiver.manager().progress().total()).isEqualTo(1);
        cluster.runUntilSettled(receiver, 60_000);
        long requestsSent = cluster.network.stats().sent();
        receiver.manager().receive(List.of(incoming));
        cluster.sim.runFor(5_000);

        assertThat(receiver.outcomes()).singleElement().isInstanceOf(TransferOutcome.Received.class);
        assertThat(cluster.network.stats().sent()).as("nothing sent for a partition already received").isEqualTo(requestsSent);
        assertThat(receiver.manager().progress().keysMoved()).isEqualTo(300);
    }

    @Test
    void aNodeReceivingAPartitionRefusesToServeIt() {
        TransferCluster cluster = new TransferCluster(8);
        Peer joining = cluster.add("n4", SMALL_CHUNKS);
        Peer other = cluster.add("n5", SMALL_CHUNKS);
        joining.manager().receive(List.of(new Incoming(P, List.of(NodeId.of("n1")))));

        other.manager().receive(List.of(new Incoming(P, List.of(joining.id()))));
        cluster.sim.runFor(100);

        assertThat(other.outcomes()).singleElement().isInstanceOf(TransferOutcome.Failed.class);
    }

    private static Map<Key, List<Versioned<Value>>> contents(Peer peer) {
        Map<Key, List<Versioned<Value>>> out = new HashMap<>();
        peer.storage().scan(P, (StoredKey k) -> out.put(k.key(), k.siblings()));
        return out;
    }

    /** Each key of the partition holds exactly the reconciliation of what the receiver had and the source sent. */
    private static void assertCopied(Map<Key, List<Versioned<Value>>> source, Map<Key, List<Versioned<Value>>> before,
                                     Peer receiver) {
        Map<Key, List<Versioned<Value>>> after = contents(receiver);
        assertThat(after.keySet()).as("keys of the partition on the receiver").isEqualTo(union(source, before));
        for (Key key : after.keySet()) {
            List<Versioned<Value>> expected = Reconciliation.reconcile(before.getOrDefault(key, List.of()),
                    source.getOrDefault(key, List.of()));
            assertThat(new HashSet<>(after.get(key))).as("siblings of %s: merged, never overwritten", key)
                    .isEqualTo(new HashSet<>(expected));
        }
    }

    private static Set<Key> union(Map<Key, ?> a, Map<Key, ?> b) {
        Set<Key> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

}
