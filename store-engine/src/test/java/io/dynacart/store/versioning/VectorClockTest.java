package io.dynacart.store.versioning;

import static io.dynacart.store.versioning.Clocks.clock;
import static io.dynacart.store.versioning.Clocks.entry;
import static io.dynacart.store.versioning.Clocks.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VectorClockTest {

    record Case(VectorClock a, VectorClock b, Causality expected) {
    }

    static List<Case> comparisons() {
        return List.of(
                new Case(VectorClock.EMPTY, VectorClock.EMPTY, Causality.EQUAL),
                new Case(VectorClock.EMPTY, clock("a", 1), Causality.BEFORE),
                new Case(clock("a", 1), VectorClock.EMPTY, Causality.AFTER),
                new Case(clock("a", 1), clock("a", 2), Causality.BEFORE),
                new Case(clock("a", 2, "b", 1), clock("a", 2, "b", 1), Causality.EQUAL),
                new Case(clock("a", 2), clock("a", 2, "b", 1), Causality.BEFORE),
                new Case(clock("a", 2, "b", 1), clock("a", 2, "c", 1), Causality.CONCURRENT),
                new Case(clock("a", 3), clock("a", 2, "b", 1), Causality.CONCURRENT),
                new Case(clock("a", 3, "b", 1), clock("a", 2, "b", 1), Causality.AFTER),
                new Case(clock("b", 1), clock("a", 1, "c", 1), Causality.CONCURRENT),
                new Case(clock("a", 1, "c", 1), clock("a", 1, "b", 1, "c", 1), Causality.BEFORE));
    }

    @ParameterizedTest
    @MethodSource("comparisons")
    void compareAnswersTheCausalRelation(Case c) {
        assertThat(c.a().compare(c.b())).as("%s vs %s", c.a(), c.b()).isEqualTo(c.expected());
        assertThat(c.b().compare(c.a())).as("compare is antisymmetric").isEqualTo(c.expected().reversed());
    }

    @Test
    void mergeTakesTheLargerCounterPerNodeWithItsTimestamp() {
        VectorClock a = VectorClock.of(entry("a", 3, 30), entry("b", 1, 10));
        VectorClock b = VectorClock.of(entry("a", 2, 99), entry("c", 4, 40));

        VectorClock merged = a.merge(b);

        assertThat(merged.entries()).containsExactly(entry("a", 3, 30), entry("b", 1, 10), entry("c", 4, 40));
        assertThat(a.compare(merged)).isEqualTo(Causality.BEFORE);
        assertThat(b.compare(merged)).isEqualTo(Causality.BEFORE);
    }

    @Test
    void mergeOfEqualCountersKeepsTheLaterTimestamp() {
        VectorClock a = VectorClock.of(entry("a", 2, 5));
        VectorClock b = VectorClock.of(entry("a", 2, 7));

        assertThat(a.merge(b).entries()).containsExactly(entry("a", 2, 7));
        assertThat(b.merge(a).entries()).containsExactly(entry("a", 2, 7));
    }

    @Test
    void incrementAddsOneWriteOfTheNodeAndStampsIt() {
        VectorClock c = VectorClock.EMPTY.increment(node("b"), 100).increment(node("a"), 200).increment(node("b"), 300);

        assertThat(c.entries()).containsExactly(entry("a", 1, 200), entry("b", 2, 300));
        assertThat(c.counter(node("b"))).isEqualTo(2);
        assertThat(c.counter(node("z"))).isZero();
    }

    @Test
    void clocksAreImmutableValues() {
        VectorClock before = clock("a", 1);
        VectorClock after = before.increment(node("a"), 1);

        assertThat(before).isEqualTo(clock("a", 1));
        assertThat(after).isNotEqualTo(before);
        assertThat(clock("b", 1, "a", 2)).as("equal regardless of the order entries were given")
                .isEqualTo(clock("a", 2, "b", 1));
        assertThatThrownBy(() -> before.entries().add(entry("z", 1, 0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidClocksAreRejectedWithTheReason() {
        assertThatThrownBy(() -> new VectorClock(List.of(entry("b", 1, 0), entry("a", 1, 0))))
                .hasMessageContaining("sorted by node id");
        assertThatThrownBy(() -> VectorClock.of(entry("a", 1, 0), entry("a", 2, 0)))
                .hasMessageContaining("no repeats");
        assertThatThrownBy(() -> entry("a", 0, 0)).hasMessageContaining("counter of a must be 1 to 2^62, was 0");
        assertThatThrownBy(() -> entry("a", 1, -1)).hasMessageContaining("timestamp");
    }

    @Test
    void printsInThePapersNotation() {
        assertThat(clock("Sx", 2, "Sy", 1)).hasToString("([Sx,2],[Sy,1])");
    }
}
