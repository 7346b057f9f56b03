package io.dynacart.store.ring;

import static io.dynacart.store.ring.TestRings.equalWeights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ClaimTest {

    private static final NodeId N5 = NodeId.of("n5");

    @Test
    void initialGivesEqualNodesCountsWithinOneAndSpacesThem() {
        Ring ring = Claim.initial(equalWeights(5), 256, 3);

        assertThat(ring.version()).as("the first ring is version 1").isEqualTo(1);
        assertThat(ring.partitionCounts().values())
                .as("256 partitions over 5 equal nodes: 51 or 52 each")
                .containsExactlyInAnyOrder(52, 51, 51, 51, 51);
        assertThat(ring.spacingViolations(3)).as("every 3 consecutive partitions have 3 distinct owners").isZero();
    }

    @Test
    void initialSplitsPartitionsByWeight() {
        Map<NodeId, Integer> weights = Map.of(NodeId.of("a"), 1, NodeId.of("b"), 2, NodeId.of("c"), 1);
        Ring ring = Claim.initial(weights, 64, 2);

        assertThat(ring.partitionCounts())
                .as("counts proportional to weight")
                .containsExactly(Map.entry(NodeId.of("a"), 16), Map.entry(NodeId.of("b"), 32), Map.entry(NodeId.of("c"), 16));
        assertThat(ring.spacingViolations(2))
                .as("b owns exactly Q/n partitions, still feasible: every other partition")
                .isZero();
    }

    @Test
    void initialKeepsBalanceWhenSpacingIsInfeasible() {
        Map<NodeId, Integer> weights = Map.of(NodeId.of("big"), 10, NodeId.of("s1"), 1, NodeId.of("s2"), 1);
        Ring ring = Claim.initial(weights, 64, 3);

        assertThat(ring.partitionCounts())
                .as("balance holds exactly even though big's share (53.3) exceeds Q/n (21.3)")
                .containsExactly(Map.entry(NodeId.of("big"), 54), Map.entry(NodeId.of("s1"), 5), Map.entry(NodeId.of("s2"), 5));
        assertThat(ring.spacingViolations(3))
                .as("at least 49 of 64 windows must repeat big; the layout stays near that minimum")
                .isBetween(49, 52);
        for (int p = 0; p < 64; p++) {
            assertThat(ring.preferenceList(PartitionId.of(p), 3).primaries())
                    .as("preference lists still name 3 distinct nodes").hasSize(3).doesNotHaveDuplicates();
        }
    }

    @Test
    void initialGivesEveryNodeAPartitionEvenWhenItsShareRoundsToZero() {
        Map<NodeId, Integer> weights = Map.of(NodeId.of("a"), 1, NodeId.of("b"), 100, NodeId.of("c"), 100);
        Ring ring = Claim.initial(weights, 64, 3);

        assertThat(ring.partitionCounts().get(NodeId.of("a")))
                .as("a's share is 0.32, but every node of a ring owns a partition")
                .isEqualTo(1);
        ring.nodes().forEach(node -> assertThat(Math.abs(ring.partitionCounts().get(node) - ring.shareOf(node)))
                .as("%s within one of its share", node).isLessThanOrEqualTo(1.0));
    }

    @Test
    void joinTakesTheNewNodesShareAndMovesNothingElse() {
        Ring before = Claim.initial(equalWeights(4), 64, 3);
        Ring after = Claim.join(before, N5, 1, 3);

        assertThat(after.version()).as("join makes the next version").isEqualTo(before.version() + 1);
        assertThat(after.partitionCounts().get(N5)).as("n5 takes round(64/5) = 13").isEqualTo(13);
        assertThat(after.partitionCounts().values()).as("the others keep 12 or 13").allMatch(c -> c == 12 || c == 13);
        assertThat(changedPartitions(before, after))
                .as("only partitions the new node takes change owner")
                .containsExactlyElementsOf(after.partitionsOwnedBy(N5));
        assertThat(after.spacingViolations(3)).as("the new node's partitions are at least 3 apart").isZero();
    }

    @Test
    void leaveGivesAwayOnlyTheLeaversPartitions() {
        Ring before = Claim.initial(equalWeights(8), 256, 3);
        NodeId leaver = NodeId.of("n3");
        Ring after = Claim.leave(before, leaver, 3);

        assertThat(after.version()).isEqualTo(before.version() + 1);
        assertThat(after.nodes()).doesNotContain(leaver);
        assertThat(changedPartitions(before, after))
                .as("only the leaver's partitions change owner")
                .containsExactlyElementsOf(before.partitionsOwnedBy(leaver));
        assertThat(after.partitionCounts().values()).as("256/7 = 36.6: 36 or 37 each").allMatch(c -> c == 36 || c == 37);
        assertThat(after.spacingViolations(3)).as("with 7 nodes left, every orphan found a spaced receiver").isZero();
    }

    /**
     * Five nodes to four at n=3: a leaver's partition has 4 neighbours within 2 steps, which can be
     * all 4 remaining nodes, so no receiver keeps it spaced. A fresh layout of the same 4 nodes is
     * spaced, but reaching it would move most partitions; claim moves only the leaver's.
     */
    @Test
    void leaveFromFiveToFourNodesPrefersMinimalMovementOverSpacing() {
        Ring five = Claim.initial(equalWeights(5), 64, 3);
        Ring four = Claim.leave(five, N5, 3);
        Map<NodeId, Integer> remaining = new TreeMap<>(equalWeights(5));
        remaining.remove(N5);
        Ring fresh = Claim.initial(remaining, 64, 3);

        assertThat(five.spacingViolations(3)).as("five nodes are spaced").isZero();
        assertThat(changedPartitions(five, four))
                .as("leave moves exactly n5's %d partitions", five.partitionsOwnedBy(N5).size())
                .containsExactlyElementsOf(five.partitionsOwnedBy(N5));
        assertThat(four.partitionCounts().values()).as("balance still holds").containsOnly(16);
        assertThat(four.spacingViolations(3)).as("the price: some windows of 3 repeat an owner").isPositive();
        assertThat(fresh.spacingViolations(3)).as("spacing was possible, by moving more").isZero();
        assertThat(changedPartitions(five, fresh).size())
                .as("the fresh layout would move far more than n5's partitions")
                .isGreaterThan(2 * five.partitionsOwnedBy(N5).size());
        for (int p = 0; p < 64; p++) {
            assertThat(four.preferenceList(PartitionId.of(p), 3).primaries())
                    .as("preference lists skip the repeated node, so keys still get 3 distinct replicas")
                    .hasSize(3).doesNotHaveDuplicates();
        }
    }

    /**
     * Leave keeps spacing only when balance leaves room for it (the nodes that must grow may all sit
     * next to an orphan), so this is a rate over seeded random rings rather than a law. Measured:
     * 384 of 400 with this seed; the bound leaves room for changes in claim's tie-breaks.
     */
    @Test
    void leaveKeepsSpacingInMostRingsWhereAtLeastTwoNMinusOneNodesRemain() {
        long seed = 2024;
        System.out.println("ClaimTest leave spacing rate: seed = " + seed);
        Random random = new Random(seed);
        int[] partitionCounts = {64, 128, 256, 1024};
        int spaced = 0;
        int rings = 0;
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + random.nextInt(5);
            int nodes = 2 * n + random.nextInt(41 - 2 * n);
            int q = partitionCounts[random.nextInt(partitionCounts.length)];
            boolean equal = random.nextBoolean();
            Map<NodeId, Integer> weights = new TreeMap<>();
            for (int i = 0; i < nodes; i++) {
                weights.put(NodeId.of("n" + i), equal ? 1 : 1 + random.nextInt(3));
            }
            Ring ring = Claim.initial(weights, q, n);
            if (ring.spacingViolations(n) > 0) {
                continue;
            }
            Ring after = Claim.leave(ring, ring.nodes().get(random.nextInt(nodes)), n);
            rings++;
            spaced += after.spacingViolations(n) == 0 ? 1 : 0;
        }
        System.out.println("ClaimTest leave spacing rate: " + spaced + " of " + rings);
        assertThat((double) spaced / rings)
                .as("with S-1 >= 2n-1, leave keeps spacing in at least 90%% of rings (%d of %d here)", spaced, rings)
                .isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void claimIsAPureFunctionOfItsInputs() {
        Ring first = Claim.initial(equalWeights(7), 128, 3);

        assertThat(Claim.initial(equalWeights(7), 128, 3)).as("same inputs, same ring").isEqualTo(first);
        assertThat(Claim.join(first, NodeId.of("x"), 2, 3)).isEqualTo(Claim.join(first, NodeId.of("x"), 2, 3));
        assertThat(Claim.leave(first, NodeId.of("n2"), 3)).isEqualTo(Claim.leave(first, NodeId.of("n2"), 3));
    }

    @Test
    void rejectsImpossibleRequestsNamingTheProblem() {
        Ring ring = Claim.initial(equalWeights(3), 4, 2);
        Ring lone = Claim.initial(equalWeights(1), 4, 2);

        assertRejected(() -> Claim.join(ring, NodeId.of("n2"), 1, 2), "n2 is already in the ring");
        assertRejected(() -> Claim.leave(ring, NodeId.of("n9"), 2), "n9 is not in the ring");
        assertRejected(() -> Claim.leave(lone, NodeId.of("n1"), 2), "n1 is the last node");
        assertRejected(() -> Claim.join(ring, NodeId.of("x"), 0, 2), "weight of x must be >= 1, was 0");
        assertRejected(() -> Claim.initial(Map.of(NodeId.of("a"), -2), 4, 2), "weight of a must be >= 1, was -2");
        assertRejected(() -> Claim.initial(equalWeights(5), 4, 2), "4 partitions cannot hold 5 nodes");
        assertRejected(() -> Claim.join(Claim.initial(equalWeights(4), 4, 2), NodeId.of("x"), 1, 2),
                "4 partitions cannot hold 5 nodes");
        assertRejected(() -> Claim.initial(equalWeights(2), 4, 0), "n must be >= 1, was 0");
        assertRejected(() -> Claim.join(ring, NodeId.of("x"), 1, 0), "n must be >= 1, was 0");
        assertRejected(() -> Claim.leave(ring, NodeId.of("n1"), -1), "n must be >= 1, was -1");
        assertRejected(() -> Claim.initial(Map.of(), 4, 2), "at least one node");
        assertRejected(() -> Claim.initial(equalWeights(2), 6, 2), "power of two");
    }

    @Test
    void claimsAThousandPartitionsOverSixtyFourNodesInWellUnder100Milliseconds() {
        Map<NodeId, Integer> weights = equalWeights(64);
        long initial = fastestOfFive(() -> Claim.initial(weights, 1024, 3));
        Ring ring = Claim.initial(weights, 1024, 3);
        long join = fastestOfFive(() -> Claim.join(ring, NodeId.of("x"), 1, 3));
        long leave = fastestOfFive(() -> Claim.leave(ring, NodeId.of("n17"), 3));

        System.out.printf("Claim at Q=1024, S=64: initial %.1f ms, join %.1f ms, leave %.1f ms%n",
                initial / 1e6, join / 1e6, leave / 1e6);
        assertThat(List.of(initial, join, leave))
                .as("initial, join and leave each take under 100 ms (ns: %d, %d, %d)", initial, join, leave)
                .allMatch(nanos -> nanos < 100_000_000L);
    }

    @Test
    void preferenceListLookupTakesWellUnderAMicrosecond() {
        Ring ring = Claim.initial(equalWeights(64), 1024, 3);
        KeyHash[] hashes = new KeyHash[4096];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = KeyHash.of("cart:" + i);
        }
        int lookups = 2_000_000;
        long best = Long.MAX_VALUE;
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                sink += ring.preferenceList(hashes[i & 4095], 3).primaries().get(0).hashCode();
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        double nanosPerLookup = (double) best / lookups;

        System.out.printf("preference list lookup: %.1f ns (checksum %d)%n", nanosPerLookup, sink);
        assertThat(nanosPerLookup).as("a lookup is an array index and one small object").isLessThan(1000.0);
    }

    private static void assertRejected(Runnable request, String problem) {
        assertThatThrownBy(request::run)
                .as("the message names the problem")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    private static long fastestOfFive(Supplier<Ring> claim) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            claim.get();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    static List<PartitionId> changedPartitions(Ring before, Ring after) {
        List<PartitionId> changed = new ArrayList<>();
        for (int p = 0; p < before.partitionCount(); p++) {
            if (!before.owners().get(p).equals(after.owners().get(p))) {
                changed.add(PartitionId.of(p));
            }
        }
        return changed;
    }
}
