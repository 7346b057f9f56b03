package io.dynacart.store.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The algebra of vector clocks. jqwik prints each property's seed; replay with {@code @Property(seed = "...")}. */
class VectorClockProperties {

    @Provide
    Arbitrary<VectorClock> clocks() {
        Arbitrary<VectorClock.Entry> entry = Combinators.combine(
                Arbitraries.of("a", "b", "c", "d", "e"),
                Arbitraries.longs().between(1, 4),
                Arbitraries.longs().between(0, 3))
                .as((node, counter, ts) -> new VectorClock.Entry(NodeId.of(node), counter, ts));
        return entry.list().ofMaxSize(5).uniqueElements(VectorClock.Entry::node).map(entries -> {
            List<VectorClock.Entry> list = new ArrayList<>(entries);
            return VectorClock.of(list.toArray(VectorClock.Entry[]::new));
        });
    }

    @Property(tries = 2000)
    void mergeIsCommutative(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
        assertThat(a.merge(b)).isEqualTo(b.merge(a));
    }

    @Property(tries = 2000)
    void mergeIsAssociative(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b,
                            @ForAll("clocks") VectorClock c) {
        assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
    }

    @Property(tries = 2000)
    void mergeIsIdempotent(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
        assertThat(a.merge(a)).isEqualTo(a);
        assertThat(a.merge(b).merge(b)).isEqualTo(a.merge(b));
    }

    @Property(tries = 2000)
    void compareIsAntisymmetric(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
        assertThat(b.compare(a)).as("b vs a is a vs b reversed").isEqualTo(a.compare(b).reversed());
        assertThat(a.compare(b) == Causality.EQUAL).as("EQUAL exactly for equal counters")
                .isEqualTo(counters(a).equals(counters(b)));
    }

    @Property(tries = 2000)
    void compareAgreesWithMerge(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
        VectorClock m = a.merge(b);
        assertThat(a.compare(m)).as("a <= merge(a, b)").isIn(Causality.BEFORE, Causality.EQUAL);
        assertThat(b.compare(m)).as("b <= merge(a, b)").isIn(Causality.BEFORE, Causality.EQUAL);
        Causality ab = a.compare(b);
        if (ab == Causality.BEFORE || ab == Causality.EQUAL) {
            assertThat(counters(m)).as("a <= b means merge(a, b) = b").isEqualTo(counters(b));
        }
        if (ab == Causality.CONCURRENT) {
            assertThat(m.compare(a)).as("merge of concurrent clocks is strictly after each").isEqualTo(Causality.AFTER);
            assertThat(m.compare(b)).isEqualTo(Causality.AFTER);
        }
    }

    @Property(tries = 2000)
    void incrementMovesStrictlyForward(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
        NodeId node = NodeId.of("c");
        assertThat(a.compare(a.increment(node, 9))).isEqualTo(Causality.BEFORE);
        assertThat(a.merge(b).increment(node, 9).compare(b)).as("a write after reading b descends from b")
                .isEqualTo(Causality.AFTER);
    }

    private static List<List<Long>> counters(VectorClock c) {
        return c.entries().stream().map(e -> List.of((long) e.node().hashCode(), e.counter())).toList();
    }
}
