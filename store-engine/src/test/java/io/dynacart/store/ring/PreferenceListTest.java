package io.dynacart.store.ring;

import static io.dynacart.store.ring.TestRings.nodes;
import static io.dynacart.store.ring.TestRings.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Replica.Fallback;
import io.dynacart.store.ring.Replica.Primary;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreferenceListTest {

    private static final NodeId A = NodeId.of("A");
    private static final NodeId B = NodeId.of("B");
    private static final NodeId C = NodeId.of("C");
    private static final NodeId D = NodeId.of("D");
    private static final NodeId E = NodeId.of("E");

    @ParameterizedTest(name = "ring {0}, partition {1}, n={2}: primaries {3}, fallbacks {4}")
    @CsvSource({
            "ABCD,     0, 3, ABC, D",
            "ABCD,     2, 3, CDA, B",
            "ABCDEFGH, 6, 3, GHA, BCDEF",
            "AABC,     0, 3, ABC, ''",
            "ABAC,     0, 2, AB,  C",
            "ABAC,     2, 2, AC,  B",
            "AAAABBCD, 1, 2, AB,  CD",
            "ABAB,     0, 3, AB,  ''",
            "ABCD,     1, 1, B,   CDA",
            "AAAA,     3, 3, A,   ''"})
    void walksClockwiseFromTheOwnerSkippingNodesMetBefore(String owners, int partition, int n,
                                                          String primaries, String fallbacks) {
        PreferenceList list = ring(owners).preferenceList(PartitionId.of(partition), n);

        assertThat(list.partition()).isEqualTo(PartitionId.of(partition));
        assertThat(list.primaries())
                .as("the first n distinct nodes clockwise, the partition's owner first (all of them if fewer)")
                .isEqualTo(nodes(primaries));
        assertThat(list.fallbacks())
                .as("every other node, in the order the walk meets it")
                .isEqualTo(nodes(fallbacks));
    }

    @Test
    void primariesAndFallbacksNameEveryNodeExactlyOnce() {
        Ring ring = ring("ABCADBECFADB" + "CEFA");
        for (int p = 0; p < ring.partitionCount(); p++) {
            PreferenceList list = ring.preferenceList(PartitionId.of(p), 3);
            Set<NodeId> seen = new HashSet<>(list.primaries());
            seen.addAll(list.fallbacks());

            assertThat(list.primaries()).as("primaries are distinct").doesNotHaveDuplicates().hasSize(3);
            assertThat(list.primaries().get(0)).as("the owner comes first").isEqualTo(ring.ownerOf(PartitionId.of(p)));
            assertThat(seen).as("primaries and fallbacks are disjoint and cover the ring")
                    .hasSize(list.primaries().size() + list.fallbacks().size())
                    .containsExactlyInAnyOrderElementsOf(ring.nodes());
        }
    }

    @Test
    void aKeysListIsItsPartitionsList() {
        Ring ring = ring("ABCDEFGH");
        byte[] key = "cart:42".getBytes(StandardCharsets.UTF_8);
        PartitionId partition = ring.partitioner().partitionOf(key);

        assertThat(ring.preferenceList(key, 3))
                .as("a key's preference list is its partition's")
                .isEqualTo(ring.preferenceList(KeyHash.of(key), 3))
                .isEqualTo(ring.preferenceList(partition, 3));
    }

    @Test
    void rejectsFewerThanOneReplica() {
        assertThatThrownBy(() -> ring("AB").preferenceList(PartitionId.of(0), 0))
                .as("n is at least 1")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n must be >= 1, was 0");
    }

    @Test
    void targetsAreThePrimariesWhenAllAreReachable() {
        PreferenceList list = ring("ABCDEABC").preferenceList(PartitionId.of(0), 3);

        assertThat(list.targets(node -> true)).containsExactly(new Primary(A), new Primary(B), new Primary(C));
    }

    @ParameterizedTest(name = "unreachable {0}: {1}")
    @CsvSource({
            "B,    A B>D C",
            "AC,   A>D B C>E",
            "AD,   A>E B C",
            "ABC,  A>D B>E",
            "ABCD, A>E",
            "ABCDE, ''",
            "DE,   A B C"})
    void anUnreachablePrimaryIsReplacedByTheNextUnusedReachableFallback(String unreachable, String expected) {
        PreferenceList list = ring("ABCDEABC").preferenceList(PartitionId.of(0), 3);
        Predicate<NodeId> reachable = node -> !unreachable.contains(node.value());

        assertThat(list.targets(reachable))
                .as("primaries in order; an unreachable one is replaced by the next reachable fallback (X>Y: Y for X)")
                .isEqualTo(parseTargets(expected));
    }

    @Test
    void targetsNeverRepeatANodeAndNeverReachAnUnreachableOne() {
        Ring ring = ring("ABCDEFAB");
        List<NodeId> all = ring.nodes();
        for (int partition = 0; partition < ring.partitionCount(); partition++) {
            PreferenceList list = ring.preferenceList(PartitionId.of(partition), 3);
            for (int down = 0; down < 1 << all.size(); down++) {
                int mask = down;
                Predicate<NodeId> reachable = node -> (mask & (1 << all.indexOf(node))) == 0;
                List<Replica> targets = list.targets(reachable);
                long reachablePrimaries = list.primaries().stream().filter(reachable).count();
                long reachableFallbacks = list.fallbacks().stream().filter(reachable).count();

                assertThat(targets).as("at most n targets").hasSizeLessThanOrEqualTo(3);
                assertThat(targets.stream().map(Replica::node)).as("no node is used twice").doesNotHaveDuplicates();
                assertThat(targets).as("only reachable nodes take writes").allMatch(t -> reachable.test(t.node()));
                assertThat(targets.size())
                        .as("every primary gets a replica while reachable fallbacks last")
                        .isEqualTo((int) Math.min(3, reachablePrimaries + reachableFallbacks));
                for (Replica target : targets) {
                    if (target instanceof Fallback fallback) {
                        assertThat(list.primaries()).contains(fallback.intendedFor());
                        assertThat(reachable.test(fallback.intendedFor()))
                                .as("a fallback stands in only for an unreachable primary").isFalse();
                    }
                }
            }
        }
    }

    @Test
    void aFallbackCannotStandInForItself() {
        assertThatThrownBy(() -> new Fallback(D, D))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot stand in for itself");
    }

    @Test
    void withFewerNodesThanNEveryNodeIsAPrimary() {
        PreferenceList list = ring("ABAB").preferenceList(PartitionId.of(1), 3);

        assertThat(list.primaries()).containsExactly(B, A);
        assertThat(list.fallbacks()).isEmpty();
        assertThat(list.targets(node -> !node.equals(A))).containsExactly(new Primary(B));
        assertThat(E).as("a node outside the ring never appears").isNotIn(list.primaries());
    }

    /** "A B>D C" is Primary(A), Fallback(D for B), Primary(C). */
    private static List<Replica> parseTargets(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.trim().split("\\s+"))
                .map(token -> token.contains(">")
                        ? (Replica) new Fallback(NodeId.of(token.substring(2)), NodeId.of(token.substring(0, 1)))
                        : new Primary(NodeId.of(token)))
                .toList();
    }
}
