package io.dynacart.store.versioning;

import static io.dynacart.store.versioning.Clocks.clock;
import static io.dynacart.store.versioning.Clocks.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DottedVersionVectorTest {

    private static final NodeId X = node("x");
    private static final NodeId Y = node("y");

    private static List<Versioned<String>> put(List<Versioned<String>> local, NodeId at, Context context, String value) {
        DottedVersionVector version = DottedVersionVector.forWrite(at, 0, context, local, VectorClock.DEFAULT_MAX_ENTRIES);
        return Reconciliation.reconcile(local, new Versioned<>(version, value));
    }

    private static List<String> values(List<Versioned<String>> siblings) {
        return siblings.stream().map(Versioned::value).toList();
    }

    @Test
    void twoBlindWritesThroughTheSameNodeBothSurvive() {
        List<Versioned<String>> local = put(List.of(), X, Context.EMPTY, "first");
        local = put(local, X, Context.EMPTY, "second");

        assertThat(values(local)).as("a put never erases a version its context did not include")
                .containsExactlyInAnyOrder("first", "second");
        assertThat(local.get(0).compare(local.get(1))).isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void plainVectorClocksWouldLoseTheFirstOfTwoBlindWrites() {
        VectorClock first = VectorClock.EMPTY.increment(X, 0);
        VectorClock second = VectorClock.EMPTY.merge(first).increment(X, 0);

        assertThat(first.compare(second)).as("why a dot is needed: per-node clocks say the first is an ancestor")
                .isEqualTo(Causality.BEFORE);
    }

    @Test
    void aWriteWithAStaleContextKeepsTheVersionItDidNotSee() {
        List<Versioned<String>> local = put(List.of(), X, Context.EMPTY, "v1");
        Context staleRead = Context.of(local);
        local = put(local, X, staleRead, "v2 by another client");

        local = put(local, X, staleRead, "v3 by a client that read v1 only");

        assertThat(values(local)).containsExactlyInAnyOrder("v2 by another client", "v3 by a client that read v1 only");
    }

    @Test
    void aWriteWithAFreshContextReplacesWhatItRead() {
        List<Versioned<String>> local = put(List.of(), X, Context.EMPTY, "a");
        local = put(local, Y, Context.EMPTY, "b");

        local = put(local, X, Context.of(local), "merged");

        assertThat(values(local)).containsExactly("merged");
        assertThat(local.get(0).version().clock()).isEqualTo(clock("x", 2, "y", 1));
    }

    @Test
    void aReplicaGivenALoneVersionWouldHandOutAContextThatErasesUnseenSiblings() {
        List<Versioned<String>> atX = put(List.of(), X, Context.EMPTY, "first");
        atX = put(atX, X, Context.EMPTY, "second");
        Versioned<String> first = atX.get(0);
        Versioned<String> second = atX.get(1);

        List<Versioned<String>> replicaGivenTheSecondAlone = List.of(second);
        Context misleading = Context.of(replicaGivenTheSecondAlone);

        assertThat(misleading.covers(first))
                .as("why replicas ship whole sibling sets: this context would erase 'first', which its client never saw")
                .isTrue();
        assertThat(Context.of(atX).covers(first)).as("the whole set hands the client both").isTrue();
    }

    @Test
    void countersNeverRepeatForTheCoordinatorOfAKey() {
        List<Versioned<String>> local = put(List.of(), X, Context.EMPTY, "a");
        local = put(local, X, Context.EMPTY, "b");
        local = put(local, X, Context.EMPTY, "c");

        assertThat(local).extracting(v -> v.dot().counter()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aNewVersionIsTruncatedToTheThresholdKeepingItsOwnDot() {
        VectorClock wide = VectorClock.EMPTY;
        for (int i = 0; i < 12; i++) {
            wide = wide.increment(node("n" + i), i, Integer.MAX_VALUE);
        }
        DottedVersionVector v = DottedVersionVector.forWrite(X, 100, new Context(wide), List.of(), 10);

        assertThat(v.clock().size()).isEqualTo(10);
        assertThat(v.dot()).isEqualTo(new Dot(X, 1, 100));
        assertThat(v.past().counter(node("n0"))).as("the oldest entries went").isZero();
        assertThat(v.past().counter(node("n11"))).isEqualTo(1);
    }

    @Test
    void aDotInsideItsOwnPastIsRejected() {
        assertThatThrownBy(() -> new DottedVersionVector(new Dot(X, 2, 0), clock("x", 2)))
                .hasMessageContaining("already in its own past");
    }
}
