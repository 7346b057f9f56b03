package io.dynacart.store.antientropy;

import static io.dynacart.store.antientropy.Replicas.after;
import static io.dynacart.store.antientropy.Replicas.contents;
import static io.dynacart.store.antientropy.Replicas.replica;
import static io.dynacart.store.antientropy.Replicas.sortedByDot;
import static io.dynacart.store.antientropy.Replicas.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.storage.PartitionStats;
import io.dynacart.store.transport.AntiEntropyMessage;
import io.dynacart.store.versioning.Reconciliation;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.testing.Seed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link ExchangeSession} against {@link ExchangeResponder}, between two in-memory replicas. */
class ExchangeSessionTest {

    private static final Partitioner PARTITIONER = new Partitioner(8);
    private static final int DEPTH = MerkleTree.DEFAULT_DEPTH;

    @Test
    void equalReplicasCompleteAfterComparingRootsAlone() {
        TreeMaintainingStorage a = replica(PARTITIONER, DEPTH);
        TreeMaintainingStorage b = replica(PARTITIONER, DEPTH);
        for (int i = 0; i < 200; i++) {
            Versioned<Value> v = version("n1", 1, "v" + i);
            a.put(Key.of("k" + i), v);
            b.put(Key.of("k" + i), v);
        }
        for (int p = 0; p < PARTITIONER.partitionCount(); p++) {
            Exchanges.Traffic traffic = Exchanges.run(a, b, PartitionId.of(p), p, null, false);
            assertThat(traffic.messages()).as("equal roots: one request, one reply").isEqualTo(2);
            assertThat(traffic.keysShipped()).isZero();
        }
    }

    /**
     * Random divergence (keys missing on either side, newer versions on one, concurrent siblings on
     * both, tombstones), messages delivered in random order and sometimes twice: after one exchange
     * per partition both replicas hold, for every key, the reconciliation of what both held.
     */
    @Test
    void randomDivergenceConvergesToTheReconciliationOfBothReplicas() {
        OptionalLong given = Seed.given("ae");
        long firstSeed = given.orElseGet(System::nanoTime);
        int runs = given.isPresent() ? 1 : 30;
        for (long seed = firstSeed; seed < firstSeed + runs; seed++) {
            System.out.println(new Seed("ae", seed, ExchangeSessionTest.class));
            convergesFrom(seed);
        }
    }

    private void convergesFrom(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TreeMaintainingStorage a = replica(PARTITIONER, DEPTH);
        TreeMaintainingStorage b = replica(PARTITIONER, DEPTH);
        diverge(random, a, b, 300);
        Map<Key, List<Versioned<Value>>> expected = union(contents(a), contents(b));
        for (int p = 0; p < PARTITIONER.partitionCount(); p++) {
            Exchanges.run(a, b, PartitionId.of(p), seed + p, random, true);
        }
        assertThat(contents(a)).as("seed %d: the initiator holds the reconciliation of both replicas", seed)
                .isEqualTo(expected);
        assertThat(contents(b)).as("seed %d: so does the responder", seed).isEqualTo(expected);
        for (int p = 0; p < PARTITIONER.partitionCount(); p++) {
            assertThat(a.index().root(PartitionId.of(p))).as("seed %d: equal data, equal roots", seed)
                    .isEqualTo(b.index().root(PartitionId.of(p)));
        }
    }

    /** Both replicas get a common past, then each key diverges in one of several ways. */
    static void diverge(SplittableRandom random, TreeMaintainingStorage a, TreeMaintainingStorage b, int keys) {
        for (int i = 0; i < keys; i++) {
            Key key = Key.of("key-" + i);
            Versioned<Value> base = version("n" + random.nextInt(3), 1 + random.nextInt(5), "base-" + i);
            int kind = random.nextInt(8);
            switch (kind) {
                case 0 -> a.put(key, base);
                case 1 -> b.put(key, base);
                case 2 -> {
                    a.put(key, after(base, "n1", "newer-" + i));
                    b.put(key, base);
                }
                case 3 -> {
                    a.put(key, base);
                    b.put(key, after(base, "n2", null));
                }
                case 4 -> {
                    a.put(key, after(base, "n1", "left-" + i));
                    b.put(key, after(base, "n2", "right-" + i));
                }
                case 5 -> {
                    a.merge(key, List.of(base, version("x9", 1, "concurrent-" + i)));
                    b.merge(key, List.of(base, version("x8", 1, null)));
                }
                default -> {
                    a.put(key, base);
                    b.put(key, base);
                }
            }
        }
    }

    private static Map<Key, List<Versioned<Value>>> union(Map<Key, List<Versioned<Value>>> x,
                                                          Map<Key, List<Versioned<Value>>> y) {
        Map<Key, List<Versioned<Value>>> out = new HashMap<>(x);
        y.forEach((k, v) -> out.merge(k, v, (l, r) -> sortedByDot(Reconciliation.reconcile(l, r))));
        return new TreeMap<>(out);
    }

    @Test
    void smallMessageLimitsSplitEveryPhaseAndStillConverge() {
        long seed = 11;
        SplittableRandom random = new SplittableRandom(seed);
        TreeMaintainingStorage a = replica(PARTITIONER, DEPTH);
        TreeMaintainingStorage b = replica(PARTITIONER, DEPTH);
        diverge(random, a, b, 2_000);
        Map<Key, List<Versioned<Value>>> expected = union(contents(a), contents(b));
        ExchangeLimits tiny = new ExchangeLimits(MerkleTree.FANOUT, 2, 3, 1024);
        Exchanges.Traffic total = Exchanges.Traffic.NONE;
        for (int p = 0; p < PARTITIONER.partitionCount(); p++) {
            total = total.plus(Exchanges.run(a, b, PartitionId.of(p), p, random, true, tiny));
        }
        assertThat(contents(a)).isEqualTo(expected);
        assertThat(contents(b)).isEqualTo(expected);
        assertThat(total.largestFrame()).as("no message much passes the 1 KiB asked for").isLessThan(1_500);
    }

    @Test
    void concurrentSiblingsOnBothSidesAreAllKept() {
        TreeMaintainingStorage a = replica(PARTITIONER, DEPTH);
        TreeMaintainingStorage b = replica(PARTITIONER, DEPTH);
        Key cart = Key.of("cart");
        Versioned<Value> base = version("n1", 1, "milk");
        Versioned<Value> left = after(base, "n1", "milk,eggs");
        Versioned<Value> right = after(base, "n2", "milk,bread");
        a.put(cart, left);
        b.put(cart, right);
        Exchanges.run(a, b, PARTITIONER.partitionOf(KeyHash.of(cart)), 1, null, false);
        assertThat(sortedByDot(a.get(cart))).as("both concurrent writes survive on the initiator")
                .containsExactlyElementsOf(sortedByDot(List.of(left, right)));
        assertThat(sortedByDot(b.get(cart))).as("and on the responder").isEqualTo(sortedByDot(a.get(cart)));
    }

    @Test
    void aSilentPeerAbortsTheSessionAtItsDeadlineAndItKeepsNothing() {
        TreeMaintainingStorage a = replica(PARTITIONER, DEPTH);
        a.put(Key.of("k"), version("n1", 1, "v"));
        ExchangeSession session = new ExchangeSession(7, PARTITIONER.partitionOf(KeyHash.of(Key.of("k"))),
                LocalReplica.of(a), ExchangeLimits.DEFAULT);
        Step first = session.handle(ExchangeSession.Event.START);
        assertThat(first.send()).hasSize(1);
        assertThat(session.state()).isEqualTo(ExchangeSession.State.COMPARING);
        assertThat(session.handle(ExchangeSession.Event.DEADLINE_PASSED)).isEqualTo(Step.NOTHING);
        assertThat(session.state()).as("silence ends the session").isEqualTo(ExchangeSession.State.ABORTED);
        AntiEntropyMessage.HashesRequest asked = (AntiEntropyMessage.HashesRequest) first.send().get(0);
        Step late = session.handle(new ExchangeSession.Event.Received(new AntiEntropyMessage.HashesReply(7,
                asked.partition(), asked.requestId(), List.of(0))));
        assertThat(late).as("a reply after the deadline is ignored").isEqualTo(Step.NOTHING);
        assertThat(session.state()).isEqualTo(ExchangeSession.State.ABORTED);
    }

    @Test
    void aDeclineAbortsAndForeignRepliesAreIgnored() {
        TreeMaintainingStorage a = replica(PARTITIONER, DEPTH);
        ExchangeSession session = new ExchangeSession(7, PartitionId.of(3), LocalReplica.of(a), ExchangeLimits.DEFAULT);
        session.handle(ExchangeSession.Event.START);
        session.handle(new ExchangeSession.Event.Received(new AntiEntropyMessage.Decline(8, 3)));
        session.handle(new ExchangeSession.Event.Received(new AntiEntropyMessage.Decline(7, 4)));
        assertThat(session.state()).as("another session's or partition's decline changes nothing")
                .isEqualTo(ExchangeSession.State.COMPARING);
        session.handle(new ExchangeSession.Event.Received(new AntiEntropyMessage.Decline(7, 3)));
        assertThat(session.state()).isEqualTo(ExchangeSession.State.ABORTED);
    }

    @Test
    void aResponderOfAnotherTreeDepthDeclines() {
        TreeMaintainingStorage a = replica(PARTITIONER, 2);
        TreeMaintainingStorage b = replica(PARTITIONER, 3);
        a.put(Key.of("k"), version("n1", 1, "v"));
        ExchangeSession session = new ExchangeSession(1, PartitionId.of(0), LocalReplica.of(a), ExchangeLimits.DEFAULT);
        Exchanges.run(session, a, new ExchangeResponder(LocalReplica.of(b), ExchangeLimits.DEFAULT), b, null, false);
        assertThat(session.state()).isEqualTo(ExchangeSession.State.ABORTED);
    }

    /**
     * The measurement: 1e5 keys on two replicas, 100 of them different (50 missing on one
     * side, 25 newer on one side, 25 written concurrently on both). One exchange per partition moves
     * the sibling sets of those keys only, each at most twice (once each way).
     */
    @Test
    void ofAHundredThousandKeysOnlyTheHundredThatDifferCross() {
        Partitioner partitioner = Partitioner.withDefaultCount();
        TreeMaintainingStorage a = replica(partitioner, DEPTH);
        TreeMaintainingStorage b = replica(partitioner, DEPTH);
        SplittableRandom random = new SplittableRandom(42);
        int keys = 100_000;
        for (int i = 0; i < keys; i++) {
            Key key = Key.of("cart-" + i);
            Versioned<Value> v = version("n" + (i % 3), 1, randomValue(random, 100));
            a.put(key, v);
            if (i % 1000 == 0 && i / 1000 < 50) {
                continue; // 50 keys b lacks
            }
            b.put(key, v);
            if (i % 1000 == 1 && i / 1000 < 25) {
                a.put(key, after(v, "n1", randomValue(random, 100)));
            } else if (i % 1000 == 2 && i / 1000 < 25) {
                a.put(key, after(v, "n1", randomValue(random, 100)));
                b.put(key, after(v, "n2", randomValue(random, 100)));
            }
        }
        Exchanges.Traffic total = Exchanges.Traffic.NONE;
        for (int p = 0; p < partitioner.partitionCount(); p++) {
            total = total.plus(Exchanges.run(a, b, PartitionId.of(p), p, null, false));
        }
        long dataBytes = 0;
        for (int p = 0; p < partitioner.partitionCount(); p++) {
            PartitionStats stats = a.stats(PartitionId.of(p));
            dataBytes += stats.bytes();
        }
        System.out.printf("anti-entropy, %d keys (%d bytes on the initiator) of which 100 differ, %d partitions,"
                        + " depth %d: %d messages, %d bytes on the wire (%.3f%% of the data), %d sibling sets shipped%n",
                keys, dataBytes, partitioner.partitionCount(), DEPTH, total.messages(), total.bytes(),
                100.0 * total.bytes() / dataBytes, total.keysShipped());
        assertThat(contents(a)).as("the replicas converge").isEqualTo(contents(b));
        assertThat(total.keysShipped()).as("only the differing keys move, at most once each way")
                .isBetween(100L, 200L);
        assertThat(total.bytes()).as("a small fraction of the data crosses").isLessThan(dataBytes / 50);
    }

    private static String randomValue(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }
}
