package io.dynacart.store.versioning;

import static io.dynacart.store.versioning.Clocks.clock;
import static io.dynacart.store.versioning.Clocks.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReconciliationTest {

    /** A version with dot [node,counter] over the given past. */
    private static Versioned<String> v(String name, String node, long counter, VectorClock past) {
        return new Versioned<>(new DottedVersionVector(new Dot(node(node), counter, 0), past), name);
    }

    static final Versioned<String> A1 = v("A1", "a", 1, VectorClock.EMPTY);
    static final Versioned<String> A2 = v("A2", "a", 2, clock("a", 1));
    static final Versioned<String> B1 = v("B1", "b", 1, clock("a", 1));
    static final Versioned<String> C1 = v("C1", "c", 1, clock("a", 1));
    static final Versioned<String> A3 = v("A3", "a", 3, clock("a", 2, "b", 1, "c", 1));
    static final Versioned<String> BLIND_A2 = v("blind A2", "a", 2, VectorClock.EMPTY);

    record Case(String law, List<Versioned<String>> stored, Versioned<String> incoming, List<Versioned<String>> expected) {
        @Override
        public String toString() {
            return law;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("a first version is stored", List.of(), A1, List.of(A1)),
                new Case("a descendant replaces its ancestor", List.of(A1), A2, List.of(A2)),
                new Case("a dominated version changes nothing", List.of(A2), A1, List.of(A2)),
                new Case("the same version twice is idempotent", List.of(B1), B1, List.of(B1)),
                new Case("a concurrent version is kept beside", List.of(B1), C1, List.of(B1, C1)),
                new Case("a version concurrent with all siblings joins them", List.of(B1, C1), A2, List.of(A2, B1, C1)),
                new Case("a version dominating all siblings replaces them", List.of(A2, B1, C1), A3, List.of(A3)),
                new Case("a stale version beside concurrent siblings changes nothing", List.of(B1, C1), A1, List.of(B1, C1)),
                new Case("a blind write does not erase what it did not see", List.of(A1), BLIND_A2, List.of(A1, BLIND_A2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reconcileKeepsExactlyTheVersionsNothingDescendsFrom(Case c) {
        List<Versioned<String>> result = Reconciliation.reconcile(c.stored(), c.incoming());

        assertThat(result).as(c.law()).containsExactlyElementsOf(c.expected());
        assertThat(Reconciliation.isAntichain(result)).as("siblings are always an antichain").isTrue();
    }

    @Test
    void reconcilingManyIsTheSameAsOneAtATime() {
        assertThat(Reconciliation.reconcile(List.of(A1), List.of(C1, A3, B1, A2))).containsExactly(A3);
        assertThat(Reconciliation.reconcile(List.of(), List.of(B1, C1, A1))).containsExactly(B1, C1);
    }

    @Test
    void aContextCoversExactlyTheVersionsItWasMadeFrom() {
        Context context = Context.of(List.of(B1, C1));

        assertThat(context.covers(B1)).isTrue();
        assertThat(context.covers(A1)).as("and their past").isTrue();
        assertThat(context.covers(A2)).as("but not a version written beside them").isFalse();
    }
}
