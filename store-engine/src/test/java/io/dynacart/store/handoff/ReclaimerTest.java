package io.dynacart.store.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.RingTransition;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.KeyHash;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Partitioner;
import io.dynacart.store.ring.Ring;
import io.dynacart.store.sim.SimScheduler;
import io.dynacart.store.storage.MemoryStorage;
import io.dynacart.store.storage.PartitionStats;
import io.dynacart.store.time.OffLoop;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.DottedVersionVector;
import io.dynacart.store.versioning.VectorClock;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A node's {@link Reclaimer} in virtual time, over memory storage: after a join it drops exactly the
 * partitions it no longer replicates, once the ring has settled with every node in reach; it keeps a
 * partition while a transfer of it runs here or hints for its keys wait here; a ring change halts a
 * drop, and the node is told once no batch of it is in flight any more.
 */
class ReclaimerTest {

    private static final int N = 3;
    private static final NodeId SELF = NodeId.of("n1");
    private static final List<NodeId> FOUNDERS = List.of(SELF, NodeId.of("n2"), NodeId.of("n3"));
    private static final NodeId JOINER = NodeId.of("n4");
    private static final ReclaimConfig CONFIG = new ReclaimConfig(5_000, 3, 10, 100, 1 << 20);
    private static final Partitioner PARTITIONER = new Partitioner(32);

    private final SimScheduler sim = new SimScheduler();
    private final MemoryStorage storage = new MemoryStorage(PARTITIONER);
    private final Ring before = Claim.initial(Map.of(FOUNDERS.get(0), 1, FOUNDERS.get(1), 1, FOUNDERS.get(2), 1),
            PARTITIONER.partitionCount(), N);
    private final Ring after = Claim.join(before, JOINER, 1, N);
    private MembershipView view = new MembershipView(List.of(), after, null, N);
    private final Set<NodeId> unreachable = new HashSet<>();
    private final Set<PartitionId> transferring = new HashSet<>();
    private final Set<PartitionId> hinted = new HashSet<>();
    private int idle;
    private long counter;

    @Test
    void afterAJoinItDropsWhatItNoLongerReplicatesOnceTheRingHasSettled() {
        Map<PartitionId, Long> held = fill();
        Set<PartitionId> movedAway = movedAway();
        assertThat(movedAway).isNotEmpty();
        Reclaimer reclaimer = started(OffLoop.inline());

        sim.runFor(CONFIG.settleMillis() - 500);
        assertThat(keysIn(movedAway)).as("nothing goes before the ring has settled").isEqualTo(sum(held, movedAway));
        assertThat(reclaimer.progress().pending()).as("every partition moved away is pending, settling")
                .allSatisfy(p -> assertThat(p.why()).isEqualTo(ReclaimProgress.Why.SETTLING))
                .extracting(ReclaimProgress.Pending::partition).containsExactlyInAnyOrderElementsOf(movedAway);

        sim.runFor(10_000);
        assertThat(keysIn(movedAway)).as("keys left in partitions moved away").isZero();
        for (PartitionId p : held.keySet()) {
            if (!movedAway.contains(p)) {
                assertThat(storage.stats(p).keys()).as("keys of %s, which n1 still replicates", p).isEqualTo(held.get(p));
            }
        }
        ReclaimProgress progress = reclaimer.progress();
        assertThat(progress.pending()).isEmpty();
        assertThat(progress.partitionsDropped()).isEqualTo(movedAway.size());
        assertThat(progress.keysDropped()).isEqualTo(sum(held, movedAway));
        assertThat(progress.dropsHalted()).isZero();

        PartitionId gone = movedAway.iterator().next();
        PartitionId replicated = held.keySet().stream().filter(p -> !movedAway.contains(p)).findFirst().orElseThrow();
        assertThat(reclaimer.mayHaveForgotten(gone)).as("a dropped partition: versions n1 numbered may be gone").isTrue();
        assertThat(reclaimer.mayHaveForgotten(replicated)).isFalse();
        reclaimer.received(gone);
        assertThat(reclaimer.mayHaveForgotten(gone)).as("once a transfer brought it back whole").isFalse();
    }

    @Test
    void itKeepsAPartitionWhileATransferOfItRunsHereOrHintsForItsKeysWaitHereOrANodeIsOutOfReach() {
        Map<PartitionId, Long> held = fill();
        List<PartitionId> movedAway = movedAway().stream().sorted().toList();
        PartitionId served = movedAway.get(0);
        PartitionId fallback = movedAway.get(1);
        transferring.add(served);
        hinted.add(fallback);
        unreachable.add(NodeId.of("n3"));
        Reclaimer reclaimer = started(OffLoop.inline());

        sim.runFor(3 * CONFIG.settleMillis());
        assertThat(keysIn(Set.copyOf(movedAway))).as("a node of the ring out of reach: nothing goes")
                .isEqualTo(sum(held, Set.copyOf(movedAway)));

        unreachable.clear();
        sim.runFor(CONFIG.settleMillis() + 10_000);
        assertThat(storage.stats(served).keys()).as("a partition a transfer from here still reads").isEqualTo(held.get(served));
        assertThat(storage.stats(fallback).keys()).as("a partition with hints waiting here").isEqualTo(held.get(fallback));
        assertThat(keysIn(Set.copyOf(movedAway.subList(2, movedAway.size())))).as("the rest").isZero();
        Map<PartitionId, ReclaimProgress.Why> why = new HashMap<>();
        reclaimer.progress().pending().forEach(p -> why.put(p.partition(), p.why()));
        assertThat(why).isEqualTo(Map.of(served, ReclaimProgress.Why.TRANSFER, fallback, ReclaimProgress.Why.HINTS));

        transferring.clear();
        hinted.clear();
        sim.runFor(2_000);
        assertThat(keysIn(Set.copyOf(movedAway))).as("once the transfer and the hints are done").isZero();
        assertThat(reclaimer.progress().pending()).isEmpty();
    }

    @Test
    void aRingChangeHaltsADropOnceItsBatchInFlightIsBackAndKeysWrittenAfterADropGoLater() {
        fill();
        HeldWork worker = new HeldWork();
        Reclaimer reclaimer = started(worker);
        sim.runFor(CONFIG.settleMillis() + 200);
        assertThat(worker.waiting()).as("a batch of the first drop is off the loop").isEqualTo(1);
        PartitionId dropping = reclaimer.progress().pending().stream()
                .filter(p -> p.why() == ReclaimProgress.Why.DROPPING).findFirst().orElseThrow().partition();
        assertThat(reclaimer.forgetting(dropping)).isTrue();

        view = new MembershipView(List.of(), after, RingTransition.to(Claim.leave(after, JOINER, N)), N);
        reclaimer.check();
        sim.runFor(1_000);
        assertThat(reclaimer.forgetting(dropping)).as("halted, but its batch is still in flight").isTrue();
        assertThat(idle).isZero();

        worker.runAll();
        sim.runFor(1);
        assertThat(reclaimer.forgetting(dropping)).isFalse();
        assertThat(idle).as("told that nothing of the drop runs any more").isEqualTo(1);
        assertThat(reclaimer.progress().dropsHalted()).isEqualTo(1);
        assertThat(storage.stats(dropping).keys()).as("what the batch left stays while the ring changes").isPositive();
        sim.runFor(10_000);
        assertThat(worker.waiting()).as("no drop starts during the change").isZero();

        view = new MembershipView(List.of(), after, null, N);
        reclaimer.check();
        drain(worker, CONFIG.settleMillis() + 10_000);
        assertThat(keysIn(movedAway())).isZero();

        Key stray = keyIn(dropping, "stray");
        storage.put(stray, version("written after the drop"));
        drain(worker, 2_000);
        assertThat(storage.get(stray)).as("a key written to a dropped partition later goes too").isEmpty();
    }

    @Test
    void aDropMovesOnlyAlongItsListedSuccessors() {
        assertThat(PartitionDrop.State.NEW.successors())
                .isEqualTo(EnumSet.of(PartitionDrop.State.FORGETTING, PartitionDrop.State.HALTED));
        assertThat(PartitionDrop.State.FORGETTING.successors()).isEqualTo(EnumSet.of(PartitionDrop.State.PACING,
                PartitionDrop.State.DONE, PartitionDrop.State.HALTED, PartitionDrop.State.FAILED));
        assertThat(PartitionDrop.State.PACING.successors())
                .isEqualTo(EnumSet.of(PartitionDrop.State.FORGETTING, PartitionDrop.State.HALTED));
        for (PartitionDrop.State last : List.of(PartitionDrop.State.DONE, PartitionDrop.State.HALTED,
                PartitionDrop.State.FAILED)) {
            assertThat(last.successors()).as("%s is final", last).isEmpty();
        }

        fill();
        PartitionId p = movedAway().iterator().next();
        boolean[] allowed = {false};
        PartitionDrop drop = new PartitionDrop(p, environment(OffLoop.inline()), CONFIG, () -> allowed[0],
                new PartitionDrop.Listener() {
                    @Override
                    public void forgot(PartitionDrop d, int keys, long bytes) {
                    }

                    @Override
                    public void finished(PartitionDrop d) {
                    }
                });
        drop.start();
        assertThat(drop.state()).as("not allowed at the start: halted before a key goes").isEqualTo(PartitionDrop.State.HALTED);
        assertThat(drop.keys()).isZero();
        assertThatThrownBy(drop::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("HALTED");
    }

    private Reclaimer started(OffLoop offLoop) {
        Reclaimer reclaimer = new Reclaimer(environment(offLoop), CONFIG, () -> idle++);
        reclaimer.start();
        return reclaimer;
    }

    private ReclaimEnvironment environment(OffLoop offLoop) {
        return new ReclaimEnvironment(SELF, storage, sim, sim.clock(), offLoop, () -> view,
                node -> !unreachable.contains(node), transferring::contains, () -> Set.copyOf(hinted), () -> 1);
    }

    /** Ten keys in every partition; returns how many each holds. */
    private Map<PartitionId, Long> fill() {
        Map<PartitionId, Long> held = new HashMap<>();
        for (int i = 0; i < PARTITIONER.partitionCount(); i++) {
            PartitionId p = PartitionId.of(i);
            for (Key key : keysIn(p, 10)) {
                storage.put(key, version("value of " + key));
            }
            held.put(p, storage.stats(p).keys());
        }
        return held;
    }

    private Versioned<Value> version(String value) {
        return new Versioned<>(new DottedVersionVector(new Dot(NodeId.of("w"), ++counter, 1), VectorClock.EMPTY),
                Value.of(value.getBytes(StandardCharsets.UTF_8)));
    }

    private Set<PartitionId> movedAway() {
        Set<PartitionId> out = new HashSet<>();
        for (int i = 0; i < after.partitionCount(); i++) {
            PartitionId p = PartitionId.of(i);
            if (!after.preferenceList(p, N).primaries().contains(SELF)) {
                out.add(p);
            }
        }
        return out;
    }

    private long keysIn(Set<PartitionId> partitions) {
        return partitions.stream().map(storage::stats).mapToLong(PartitionStats::keys).sum();
    }

    private static long sum(Map<PartitionId, Long> held, Set<PartitionId> partitions) {
        return partitions.stream().mapToLong(held::get).sum();
    }

    private static Key keyIn(PartitionId partition, String prefix) {
        for (int i = 0; ; i++) {
            Key key = Key.of(prefix + i);
            if (PARTITIONER.partitionOf(KeyHash.of(key)).equals(partition)) {
                return key;
            }
        }
    }

    private static List<Key> keysIn(PartitionId partition, int count) {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            Key key = Key.of("k" + i);
            if (PARTITIONER.partitionOf(KeyHash.of(key)).equals(partition)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Runs virtual time, letting every batch that goes off the loop come back, for {@code millis}. */
    private void drain(HeldWork worker, long millis) {
        for (long t = 0; t < millis; t += 10) {
            sim.runFor(10);
            worker.runAll();
        }
    }

    /** An off-loop worker that runs nothing until told: a batch in flight, held. */
    private final class HeldWork implements OffLoop {
        private final Queue<Runnable> queue = new ArrayDeque<>();

        @Override
        public <T> void run(Supplier<T> work, Consumer<T> done, Consumer<RuntimeException> failed) {
            queue.add(() -> {
                T result = work.get();
                sim.execute(() -> done.accept(result));
            });
        }

        int waiting() {
            return queue.size();
        }

        void runAll() {
            while (!queue.isEmpty()) {
                queue.poll().run();
            }
        }
    }
}
