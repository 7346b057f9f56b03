package io.dynacart.store.ring;

import static io.dynacart.store.ring.TestRings.nodes;
import static io.dynacart.store.ring.TestRings.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RingTest {

    private static final NodeId A = NodeId.of("A");
    private static final NodeId B = NodeId.of("B");

    @Test
    void rejectsANegativeVersion() {
        assertThatThrownBy(() -> new Ring(-1, nodes("AB"), Map.of(A, 1, B, 1)))
                .as("a ring version is never negative")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void rejectsAPartitionCountThatIsNotAPowerOfTwo() {
        assertThatThrownBy(() -> new Ring(0, nodes("ABA"), Map.of(A, 1, B, 1)))
                .as("a ring has Q owners, Q a power of two")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 3");
        assertThatThrownBy(() -> new Ring(0, List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 0");
    }

    @Test
    void rejectsWeightsThatDoNotNameExactlyTheOwners() {
        assertThatThrownBy(() -> new Ring(0, nodes("ABAB"), Map.of(A, 1)))
                .as("every owner has a weight")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owner B has no weight");
        assertThatThrownBy(() -> new Ring(0, nodes("AAAA"), Map.of(A, 1, B, 1)))
                .as("every weighted node owns a partition")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("B has a weight but owns no partition");
        assertThatThrownBy(() -> new Ring(0, nodes("ABAB"), Map.of(A, 1, B, 0)))
                .as("weights are at least 1")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight of B must be >= 1, was 0");
    }

    @Test
    void answersOwnershipQuestions() {
        Ring ring = ring("BABCABCA");

        assertThat(ring.partitionCount()).isEqualTo(8);
        assertThat(ring.ownerOf(PartitionId.of(3))).isEqualTo(NodeId.of("C"));
        assertThat(ring.nodes()).as("nodes are sorted").isEqualTo(nodes("ABC"));
        assertThat(ring.partitionsOwnedBy(A))
                .as("a node's partitions, ascending")
                .containsExactly(PartitionId.of(1), PartitionId.of(4), PartitionId.of(7));
        assertThat(ring.partitionsOwnedBy(NodeId.of("Z"))).as("a stranger owns nothing").isEmpty();
        assertThat(ring.partitionCounts()).containsExactly(
                Map.entry(A, 3), Map.entry(B, 3), Map.entry(NodeId.of("C"), 2));
        assertThat(ring.shareOf(A)).as("share = Q * weight / total weight").isEqualTo(8.0 / 3);
        assertThatThrownBy(() -> ring.ownerOf(PartitionId.of(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition 8 does not exist");
    }

    @ParameterizedTest(name = "{0} at n={1}: {2}")
    @CsvSource({
            "ABCD, 1, 0",
            "ABCD, 2, 0",
            "ABCD, 4, 0",
            "ABCD, 5, 4",
            "AABC, 2, 1",
            "ABAC, 3, 2",
            "ABCDABCE, 4, 0",
            "ABCDABCE, 5, 6",
            "ABCDBACD, 3, 0",
            "ABCDBACD, 4, 2",
            "AAAA, 1, 0",
            "AAAA, 2, 4"})
    void countsWindowsWithoutNDistinctOwners(String owners, int n, int violations) {
        assertThat(ring(owners).spacingViolations(n))
                .as("partitions p whose window p..p+n-1 (mod Q) repeats an owner")
                .isEqualTo(violations);
    }

    @Test
    void withVersionKeepsOwnershipAndChangesOnlyTheVersion() {
        Ring ring = ring("ABCD");
        Ring later = ring.withVersion(7);

        assertThat(later.version()).isEqualTo(7);
        assertThat(later.owners()).isEqualTo(ring.owners());
        assertThat(later.weights()).isEqualTo(ring.weights());
        assertThat(later).as("rings are equal only with equal versions").isNotEqualTo(ring);
        assertThat(later.withVersion(0)).isEqualTo(ring).hasSameHashCodeAs(ring);
    }

    @Test
    void precomputedWalksMatchANaiveWalkFromEveryPartition() {
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int q = 1 << (1 + random.nextInt(6));
            int letters = 1 + random.nextInt(Math.min(q, 8));
            StringBuilder owners = new StringBuilder();
            for (int p = 0; p < q; p++) {
                owners.append((char) ('A' + (p < letters ? p : random.nextInt(letters))));
            }
            Ring ring = ring(owners.toString());
            for (int p = 0; p < q; p++) {
                PreferenceList list = ring.preferenceList(PartitionId.of(p), 1);
                List<NodeId> walk = new ArrayList<>(list.primaries());
                walk.addAll(list.fallbacks());
                assertThat(walk)
                        .as("walk from p%d of %s: every node once, in the order first met clockwise", p, owners)
                        .isEqualTo(naiveWalk(ring, p));
            }
        }
    }

    private static List<NodeId> naiveWalk(Ring ring, int from) {
        Set<NodeId> met = new LinkedHashSet<>();
        for (int step = 0; step < ring.partitionCount(); step++) {
            met.add(ring.ownerOf(PartitionId.of((from + step) % ring.partitionCount())));
        }
        return List.copyOf(met);
    }
}
