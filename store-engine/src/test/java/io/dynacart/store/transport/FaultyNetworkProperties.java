package io.dynacart.store.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.transport.RecordingInbox.Received;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * What faults that neither partition nor lose messages still promise: every message arrives, from
 * its sender, at least once and at most twice. jqwik prints each property's seed (and the failing
 * {@link FaultPlan}, readable); replay with {@code @Property(seed = "...")}.
 */
class FaultyNetworkProperties {

    private static final List<NodeId> NODES = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));

    @Provide
    Arbitrary<FaultPlan> lossless() {
        return Combinators.combine(
                Arbitraries.doubles().between(0, 1),
                Arbitraries.longs().between(0, 200),
                Arbitraries.longs().between(0, 200))
                .as((duplicateRate, x, y) -> FaultPlan.NONE.withDuplicateRate(duplicateRate)
                        .withDelay(Math.min(x, y), Math.max(x, y)));
    }

    @Property(tries = 300)
    void withoutPartitionOrLossEveryMessageArrivesAtLeastOnce(@ForAll("lossless") FaultPlan plan,
                                                               @ForAll long seed,
                                                               @ForAll @IntRange(min = 1, max = 60) int messages) {
        ManualScheduler scheduler = new ManualScheduler();
        FaultyNetwork network = new FaultyNetwork(new InMemoryNetwork(scheduler, () -> 1), scheduler, new SplittableRandom(seed));
        network.apply(plan);
        Map<NodeId, RecordingInbox> inboxes = new HashMap<>();
        Map<NodeId, Network.Endpoint> endpoints = new HashMap<>();
        for (NodeId n : NODES) {
            inboxes.put(n, new RecordingInbox());
            endpoints.put(n, network.attach(n, inboxes.get(n)));
        }
        Map<NodeId, List<Received>> sentTo = new HashMap<>();
        for (int i = 0; i < messages; i++) {
            int fromIndex = i % NODES.size();
            NodeId from = NODES.get(fromIndex);
            NodeId to = NODES.get((fromIndex + 1 + (i / NODES.size()) % 2) % NODES.size());
            Message m = new ProbeMessage.Ping(i);
            endpoints.get(from).send(to, m);
            sentTo.computeIfAbsent(to, k -> new ArrayList<>()).add(new Received(from, m));
        }
        scheduler.runUntilIdle();

        for (NodeId n : NODES) {
            Map<Received, Long> copies = inboxes.get(n).received().stream()
                    .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
            assertThat(copies.keySet()).as("every message to %s arrives, from its sender, under %s", n, plan)
                    .containsExactlyInAnyOrderElementsOf(sentTo.getOrDefault(n, List.of()));
            assertThat(copies.values()).as("no message arrives more than twice").allSatisfy(c -> assertThat(c).isBetween(1L, 2L));
        }
    }
}
