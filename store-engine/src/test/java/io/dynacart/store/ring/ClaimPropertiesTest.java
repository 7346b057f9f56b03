package io.dynacart.store.ring;

import static io.dynacart.store.ring.ClaimTest.changedPartitions;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The laws of claim over random clusters: S from 1 to 40 nodes, equal weights or weights from 1 to
 * 3, Q in {64, 128, 256, 1024}, n from 1 to 5. Named in {@code *Test} so that surefire runs it.
 *
 * <p>Spacing is asserted where it is achievable: after initial whenever no count exceeds Q/n; after
 * a join whenever the ring was spaced and the new node's partitions, n apart, fill at most three
 * quarters of the ring (claim reached it below 89% in all of 150,000 measured joins; nearer 100%,
 * taking only from balanced donors can make it impossible). After a leave spacing is a rate, not a
 * law, and {@link ClaimTest} measures it; here a leave must only never break spacing away from the
 * partitions it moved.
 */
class ClaimPropertiesTest {

    /** Weighted balance after a sequence: 1 at every single step from a fresh ring, at most 1.37 measured over 90,000 steps. */
    private static final double WEIGHTED_SEQUENCE_SLACK = 2.0;

    /** Nodes n1..nS with weights, Q partitions, n replicas. */
    record Cluster(Map<NodeId, Integer> weights, int partitionCount, int n) {

        boolean equalWeights() {
            return new HashSet<>(weights.values()).size() == 1;
        }

        Ring initial() {
            return Claim.initial(weights, partitionCount, n);
        }
    }

    @Provide
    Arbitrary<Cluster> clusters() {
        Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 40);
        Arbitrary<Integer> partitionCounts = Arbitraries.of(64, 128, 256, 1024);
        Arbitrary<Integer> replicaCounts = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> maxWeights = Arbitraries.of(1, 3);
        return Combinators.combine(sizes, partitionCounts, replicaCounts, maxWeights)
                .flatAs((size, q, n, maxWeight) -> Arbitraries.integers().between(1, maxWeight).list().ofSize(size)
                        .map(weights -> new Cluster(named(weights), q, n)));
    }

    @Property(tries = 300)
    void initialKeepsEveryNodeWithinOnePartitionOfItsShare(@ForAll("clusters") Cluster cluster) {
        Ring ring = cluster.initial();

        assertThat(ring.version()).isEqualTo(1);
        assertThat(ring.nodes()).containsExactlyElementsOf(cluster.weights().keySet());
        assertBalanced(ring, 1.0);
    }

    @Property(tries = 300)
    void initialSpacesEveryNConsecutivePartitionsWhenNoCountExceedsQOverN(@ForAll("clusters") Cluster cluster) {
        Ring ring = cluster.initial();
        boolean feasible = spacingIsFeasible(ring, cluster.n());
        Statistics.label("spacing feasible").collect(feasible);

        if (feasible) {
            assertThat(ring.spacingViolations(cluster.n()))
                    .as("every %d consecutive partitions have distinct owners when no count exceeds Q/n", cluster.n())
                    .isZero();
        }
        assertPreferenceListsHoldDistinctNodes(ring, cluster.n());
    }

    @Property(tries = 300)
    void joinMovesOnlyWhatTheNewNodeTakesAndKeepsBalance(@ForAll("clusters") Cluster cluster,
                                                         @ForAll @IntRange(min = 1, max = 3) int weight) {
        Ring before = cluster.initial();
        NodeId newNode = NodeId.of("joiner");
        int joinWeight = cluster.equalWeights() ? commonWeight(before) : weight;
        Ring after = Claim.join(before, newNode, joinWeight, cluster.n());

        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(changedPartitions(before, after))
                .as("only partitions the new node takes change owner")
                .containsExactlyElementsOf(after.partitionsOwnedBy(newNode));
        assertThat(Math.abs(after.partitionCounts().get(newNode) - after.shareOf(newNode)))
                .as("the new node gets its share, within one partition")
                .isLessThanOrEqualTo(1.0);
        assertBalanced(after, 1.0);
        assertPreferenceListsHoldDistinctNodes(after, cluster.n());
    }

    @Property(tries = 300)
    void joinKeepsSpacingWhenTheNewNodeHasRoom(@ForAll("clusters") Cluster cluster,
                                               @ForAll @IntRange(min = 1, max = 3) int weight) {
        Ring before = cluster.initial();
        NodeId newNode = NodeId.of("joiner");
        Ring after = Claim.join(before, newNode, cluster.equalWeights() ? commonWeight(before) : weight, cluster.n());
        boolean roomy = before.spacingViolations(cluster.n()) == 0
                && 4L * after.partitionCounts().get(newNode) * cluster.n() <= 3L * after.partitionCount();
        Statistics.label("spaced before and room for the new node").collect(roomy);

        if (roomy) {
            assertThat(after.spacingViolations(cluster.n()))
                    .as("the new node's partitions are at least n=%d apart", cluster.n())
                    .isZero();
        }
    }

    @Property(tries = 300)
    void leaveMovesOnlyTheLeaversPartitionsAndKeepsBalance(@ForAll("clusters") Cluster cluster,
                                                           @ForAll @IntRange(min = 0, max = 39) int which) {
        Assume.that(cluster.weights().size() >= 2);
        Ring before = cluster.initial();
        NodeId leaver = before.nodes().get(which % before.nodes().size());
        Ring after = Claim.leave(before, leaver, cluster.n());

        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.nodes()).doesNotContain(leaver).hasSize(before.nodes().size() - 1);
        assertThat(changedPartitions(before, after))
                .as("only the leaver's partitions change owner")
                .containsExactlyElementsOf(before.partitionsOwnedBy(leaver));
        assertBalanced(after, 1.0);
        assertPreferenceListsHoldDistinctNodes(after, cluster.n());
    }

    @Property(tries = 300)
    void leaveBreaksSpacingOnlyInWindowsHoldingAMovedPartition(@ForAll("clusters") Cluster cluster,
                                                               @ForAll @IntRange(min = 0, max = 39) int which) {
        Assume.that(cluster.weights().size() >= 2);
        Ring before = cluster.initial();
        NodeId leaver = before.nodes().get(which % before.nodes().size());
        Ring after = Claim.leave(before, leaver, cluster.n());
        Set<PartitionId> moved = new HashSet<>(before.partitionsOwnedBy(leaver));
        int q = before.partitionCount();
        int n = cluster.n();
        Statistics.label("spacing kept").collect(after.spacingViolations(n) <= before.spacingViolations(n));

        for (int p = 0; p < q; p++) {
            if (windowIsDistinct(before, p, n) && !windowIsDistinct(after, p, n)) {
                boolean holdsMoved = false;
                for (int k = 0; k < n; k++) {
                    holdsMoved |= moved.contains(PartitionId.of((p + k) % q));
                }
                assertThat(holdsMoved).as("window at p%d lost its distinct owners without a moved partition in it", p)
                        .isTrue();
            }
        }
    }

    @Property(tries = 300)
    void reweightMovesPartitionsOnlyBetweenTheNodeAndTheOthersAndKeepsBalance(
            @ForAll("clusters") Cluster cluster, @ForAll @IntRange(min = 0, max = 39) int which,
            @ForAll @IntRange(min = 1, max = 4) int weight) {
        Ring before = cluster.initial();
        NodeId node = before.nodes().get(which % before.nodes().size());
        Assume.that(before.weights().get(node) != weight);
        Ring after = Claim.reweight(before, node, weight, cluster.n());
        boolean heavier = weight > before.weights().get(node);

        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.weights().get(node)).isEqualTo(weight);
        assertThat(after.nodes()).isEqualTo(before.nodes());
        for (PartitionId moved : changedPartitions(before, after)) {
            assertThat(heavier ? after.ownerOf(moved) : before.ownerOf(moved))
                    .as("partition %s moves %s %s", moved, heavier ? "to" : "from", node).isEqualTo(node);
        }
        if (after.nodes().size() > 1) {
            assertThat(after.partitionCounts().get(node)).as("it owns more for more weight, less for less")
                    .satisfies(count -> {
                        int was = before.partitionCounts().get(node);
                        assertThat(heavier ? count >= was : count <= was).isTrue();
                    });
        }
        assertThat(Collections.min(after.partitionCounts().values())).as("every node owns a partition").isPositive();
        assertBalanced(after, WEIGHTED_SEQUENCE_SLACK);
        assertPreferenceListsHoldDistinctNodes(after, cluster.n());
    }

    @Property(tries = 100)
    void sequencesOfJoinsAndLeavesKeepEveryInvariant(@ForAll("clusters") Cluster cluster,
                                                     @ForAll @Size(10) List<@IntRange(min = 0, max = 999) Integer> steps) {
        Ring ring = cluster.initial();
        int n = cluster.n();
        int joined = 0;
        for (int step : steps) {
            boolean join = ring.nodes().size() == 1 || (step % 2 == 0 && ring.nodes().size() < ring.partitionCount());
            Ring next;
            if (join) {
                NodeId newNode = NodeId.of("j" + joined++);
                next = Claim.join(ring, newNode, cluster.equalWeights() ? commonWeight(ring) : 1 + step % 3, n);
                assertThat(changedPartitions(ring, next)).as("a join moves partitions only to the new node")
                        .containsExactlyElementsOf(next.partitionsOwnedBy(newNode));
                if (ring.spacingViolations(n) == 0 && 4L * next.partitionCounts().get(newNode) * n <= 3L * ring.partitionCount()) {
                    assertThat(next.spacingViolations(n)).as("a roomy join keeps a spaced ring spaced").isZero();
                }
            } else {
                NodeId leaver = ring.nodes().get(step % ring.nodes().size());
                next = Claim.leave(ring, leaver, n);
                assertThat(changedPartitions(ring, next)).as("a leave moves only the leaver's partitions")
                        .containsExactlyElementsOf(ring.partitionsOwnedBy(leaver));
            }
            assertThat(next.version()).as("each step is the next version").isEqualTo(ring.version() + 1);
            assertThat(Collections.min(next.partitionCounts().values())).as("every node owns a partition").isPositive();
            assertBalanced(next, cluster.equalWeights() ? 1.0 : WEIGHTED_SEQUENCE_SLACK);
            assertThat(next.weights().keySet()).as("weights name exactly the owners").isEqualTo(Set.copyOf(next.owners()));
            assertPreferenceListsHoldDistinctNodes(next, n);
            ring = next;
        }
    }

    /** Every node within {@code slack} partitions of its share; at equal weights, counts at most one apart. */
    static void assertBalanced(Ring ring, double slack) {
        Map<NodeId, Integer> counts = ring.partitionCounts();
        for (NodeId node : ring.nodes()) {
            assertThat(Math.abs(counts.get(node) - ring.shareOf(node)))
                    .as("%s owns %d partitions, share %.3f: within %.1f of its share", node, counts.get(node),
                            ring.shareOf(node), slack)
                    .isLessThanOrEqualTo(slack + 1e-9);
        }
        if (new HashSet<>(ring.weights().values()).size() == 1) {
            assertThat(Collections.max(counts.values()) - Collections.min(counts.values()))
                    .as("at equal weights counts differ by at most one: %s", counts)
                    .isLessThanOrEqualTo(1);
        }
    }

    /** Whenever the ring has at least n nodes, every partition's primaries are n distinct nodes, its owner first. */
    static void assertPreferenceListsHoldDistinctNodes(Ring ring, int n) {
        int expected = Math.min(n, ring.nodes().size());
        for (int p = 0; p < ring.partitionCount(); p++) {
            PreferenceList list = ring.preferenceList(PartitionId.of(p), n);
            assertThat(list.primaries()).as("p%d has min(n, S) = %d distinct primaries", p, expected)
                    .hasSize(expected).doesNotHaveDuplicates();
            assertThat(list.primaries().get(0)).isEqualTo(ring.ownerOf(PartitionId.of(p)));
            assertThat(list.fallbacks()).hasSize(ring.nodes().size() - expected).doesNotContainAnyElementsOf(list.primaries());
        }
    }

    private static int commonWeight(Ring ring) {
        return ring.weights().values().iterator().next();
    }

    static boolean spacingIsFeasible(Ring ring, int n) {
        return ring.partitionCounts().values().stream().allMatch(count -> (long) count * n <= ring.partitionCount());
    }

    private static boolean windowIsDistinct(Ring ring, int start, int n) {
        Set<NodeId> owners = new HashSet<>();
        for (int k = 0; k < n; k++) {
            if (!owners.add(ring.owners().get((start + k) % ring.partitionCount()))) {
                return false;
            }
        }
        return true;
    }

    private static Map<NodeId, Integer> named(List<Integer> weights) {
        Map<NodeId, Integer> named = new TreeMap<>();
        for (int i = 0; i < weights.size(); i++) {
            named.put(NodeId.of("n" + (i + 1)), weights.get(i));
        }
        return named;
    }
}
