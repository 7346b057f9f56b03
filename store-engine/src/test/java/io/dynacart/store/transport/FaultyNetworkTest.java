package io.dynacart.store.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.RecordingInbox.Received;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link FaultyNetwork} with no fault keeps the {@link NetworkContract}; with faults it does what its
 * {@link FaultPlan} says, reproducibly from a seed. Runs over an {@link InMemoryNetwork} of 1 ms
 * latency in virtual time.
 */
class FaultyNetworkTest extends NetworkContract {

    private static final long SEED = 20_070_101L;

    private final ManualScheduler scheduler = new ManualScheduler();
    private FaultyNetwork faulty;

    @Override
    protected Network create() {
        faulty = new FaultyNetwork(new InMemoryNetwork(scheduler, () -> 1), scheduler, new SplittableRandom(SEED));
        return faulty;
    }

    @Override
    protected void deliverUntil(String what, BooleanSupplier condition) {
        assertThat(scheduler.runUntil(condition)).as("the network went idle before delivering " + what).isTrue();
    }

    @Override
    protected void settle() {
        scheduler.runUntilIdle();
    }

    @Test
    void aPartitionDropsTrafficBetweenGroupsBothWaysAndKeepsItWithinThem() {
        faulty.partition(List.of(Set.of(A, B), Set.of(C, D)));
        everyNodeSendsToEveryOther(A, B, C, D);
        assertThat(senders(A)).as("a hears only its own group").containsExactly(B);
        assertThat(senders(B)).containsExactly(A);
        assertThat(senders(C)).as("and so does the other side").containsExactly(D);
        assertThat(senders(D)).containsExactly(C);
        assertThat(faulty.stats().droppedByPartition()).as("4 nodes x 2 peers across").isEqualTo(8);
    }

    @Test
    void aNodeInNoGroupReachesAndIsReachedByEveryone() {
        faulty.partition(List.of(Set.of(A), Set.of(B)));
        everyNodeSendsToEveryOther(A, B, C);
        assertThat(senders(A)).containsExactly(C);
        assertThat(senders(B)).containsExactly(C);
        assertThat(senders(C)).as("c, in no group, hears both sides").containsExactlyInAnyOrder(A, B);
    }

    @Test
    void healRestoresTrafficAcrossTheFormerPartition() {
        faulty.partition(List.of(Set.of(A), Set.of(B, C)));
        faulty.heal();
        everyNodeSendsToEveryOther(A, B, C);
        assertThat(senders(A)).containsExactlyInAnyOrder(B, C);
        assertThat(faulty.plan()).isEqualTo(FaultPlan.NONE);
    }

    @Test
    void isolateCutsANodeOffFromEveryOtherNodeIncludingOnesThatAttachLater() {
        faulty.isolate(A);
        everyNodeSendsToEveryOther(A, B, C);
        attach(D).send(A, new ProbeMessage.Ping(99));
        settle();
        assertThat(inbox(A).received()).as("the isolated node hears no one").isEmpty();
        assertThat(senders(B)).as("nor is it heard").containsExactly(C);
        assertThat(senders(C)).containsExactly(B);
    }

    @Test
    void aMessageInFlightWhenAPartitionBeginsIsDropped() {
        Network.Endpoint a = attach(A);
        attach(B);
        faulty.delay(10, 10);
        a.send(B, new ProbeMessage.Ping(1));
        scheduler.advance(5);
        faulty.partition(List.of(Set.of(A), Set.of(B)));
        settle();
        assertThat(inbox(B).received()).as("nothing crosses a partition while it holds").isEmpty();
        assertThat(faulty.stats().droppedByPartition()).isEqualTo(1);
    }

    @Test
    void aMessageThatLeftBeforeAPartitionAndArrivesAfterTheHealIsDelivered() {
        Network.Endpoint a = attach(A);
        attach(B);
        faulty.delay(10, 10);
        a.send(B, new ProbeMessage.Ping(1));
        faulty.partition(List.of(Set.of(A), Set.of(B)));
        scheduler.advance(5);
        faulty.heal();
        settle();
        assertThat(inbox(B).messages()).containsExactly(new ProbeMessage.Ping(1));
    }

    @Test
    void aDropRateLosesAboutThatShareOfMessages() {
        Network.Endpoint a = attach(A);
        attach(B);
        faulty.dropRate(0.3);
        for (int i = 0; i < 10_000; i++) {
            a.send(B, new ProbeMessage.Ping(i));
        }
        settle();
        int delivered = inbox(B).count();
        assertThat(delivered).as("about 70% of 10,000 arrive (bound: more than 6 standard deviations)")
                .isBetween(6_700, 7_300);
        FaultyNetwork.Stats stats = faulty.stats();
        assertThat(stats.sent()).isEqualTo(10_000);
        assertThat(stats.droppedAtRandom()).as("every message is delivered or counted as dropped")
                .isEqualTo(10_000 - delivered);
    }

    @Test
    void theSameSeedLosesTheSameMessages() {
        Consumer<FaultyNetwork> lossy = net -> net.dropRate(0.3);
        assertThat(pingsArriving(7, lossy, 1_000)).as("a seed replays exactly").isEqualTo(pingsArriving(7, lossy, 1_000));
        assertThat(pingsArriving(7, lossy, 1_000)).as("another seed loses others").isNotEqualTo(pingsArriving(8, lossy, 1_000));
    }

    @Test
    void aDuplicateRateSendsASecondCopy() {
        Network.Endpoint a = attach(A);
        attach(B);
        faulty.duplicateRate(1);
        for (int i = 0; i < 100; i++) {
            a.send(B, new ProbeMessage.Ping(i));
        }
        settle();
        Map<Message, Long> copies = inbox(B).messages().stream()
                .collect(Collectors.groupingBy(m -> m, Collectors.counting()));
        assertThat(copies).as("each message arrives twice").hasSize(100).allSatisfy((m, n) -> assertThat(n).isEqualTo(2));
        assertThat(faulty.stats().duplicated()).isEqualTo(100);
    }

    @Test
    void aFixedDelayHoldsEachMessageBackByExactlyThatLong() {
        Network.Endpoint a = attach(A);
        attach(B);
        faulty.delay(5, 5);
        a.send(B, new ProbeMessage.Ping(1));
        scheduler.advance(5);
        assertThat(inbox(B).count()).as("5 ms of delay + 1 ms of latency: not yet").isZero();
        scheduler.advance(1);
        assertThat(inbox(B).count()).isEqualTo(1);
        assertThat(faulty.stats().delayed()).isEqualTo(1);
    }

    @Test
    void randomDelaysReorderMessagesReproduciblyFromASeed() {
        Consumer<FaultyNetwork> jittery = net -> net.delay(0, 100);
        long reversingSeed = -1;
        for (long seed = 0; seed < 50 && reversingSeed < 0; seed++) {
            if (pingsArriving(seed, jittery, 2).equals(List.of(1L, 0L))) {
                reversingSeed = seed;
            }
        }
        assertThat(reversingSeed).as("some seed below 50 makes the second message overtake the first").isNotNegative();
        assertThat(pingsArriving(reversingSeed, jittery, 2)).as("and seed %d does so every time", reversingSeed)
                .containsExactly(1L, 0L);
    }

    @Test
    void delayedCopiesOfASenderThatClosesAreLost() {
        Network.Endpoint a = attach(A);
        attach(B);
        faulty.delay(10, 10);
        a.send(B, new ProbeMessage.Ping(1));
        a.close();
        settle();
        assertThat(inbox(B).received()).as("a crash loses what waited in the sender's fault layer").isEmpty();
    }

    @Test
    void clearFaultsRestoresAPerfectNetwork() {
        faulty.partition(List.of(Set.of(A), Set.of(B)));
        faulty.isolate(C);
        faulty.dropRate(1);
        faulty.duplicateRate(1);
        faulty.delay(1, 100);
        faulty.clearFaults();
        assertThat(faulty.plan()).isEqualTo(FaultPlan.NONE);
        everyNodeSendsToEveryOther(A, B, C);
        for (NodeId n : List.of(A, B, C)) {
            assertThat(inbox(n).received()).as("%s hears each other node exactly once", n).hasSize(2);
        }
    }

    @Test
    void aRejectedChangeLeavesThePlanAsItWas() {
        faulty.dropRate(0.2);
        assertThatThrownBy(() -> faulty.delay(9, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(faulty.plan()).isEqualTo(FaultPlan.NONE.withDropRate(0.2));
    }

    /** Attaches each node and has it send one ping to every other; then runs to idle. */
    private void everyNodeSendsToEveryOther(NodeId... nodes) {
        Map<NodeId, Network.Endpoint> endpoints = new HashMap<>();
        for (NodeId n : nodes) {
            endpoints.put(n, attach(n));
        }
        long seq = 0;
        for (NodeId from : nodes) {
            for (NodeId to : nodes) {
                if (!from.equals(to)) {
                    endpoints.get(from).send(to, new ProbeMessage.Ping(seq++));
                }
            }
        }
        settle();
    }

    private List<NodeId> senders(NodeId node) {
        return inbox(node).received().stream().map(Received::from).toList();
    }

    /**
     * The sequence numbers of the pings, of {@code count} sent from a to b in order, that arrive at b,
     * in arrival order, over a fresh network seeded with {@code seed} and given {@code faults}.
     */
    private static List<Long> pingsArriving(long seed, Consumer<FaultyNetwork> faults, int count) {
        ManualScheduler s = new ManualScheduler();
        FaultyNetwork net = new FaultyNetwork(new InMemoryNetwork(s, () -> 1), s, new SplittableRandom(seed));
        faults.accept(net);
        RecordingInbox b = new RecordingInbox();
        net.attach(B, b);
        Network.Endpoint a = net.attach(A, (from, m) -> { });
        for (int i = 0; i < count; i++) {
            a.send(B, new ProbeMessage.Ping(i));
        }
        s.runUntilIdle();
        return b.messages().stream().map(m -> ((ProbeMessage.Ping) m).seq()).toList();
    }
}
