package io.dynacart.store.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dynacart.store.identity.NodeId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * No input makes a later valid request fail (issue 15): whatever contexts clients send, forged ones
 * included with any counter a context can carry, a put with the context of a read of the key and a
 * blind put still succeed through every coordinator afterwards, and above 2^53 the key's counters
 * grow by at most one per write, so they never come near the limit of 2^62.
 */
class ClockLimitsProperties {

    private static final List<NodeId> COORDINATORS = List.of(NodeId.of("a"), NodeId.of("b"), NodeId.of("c"));
    private static final List<NodeId> NAMES = List.of(NodeId.of("a"), NodeId.of("b"), NodeId.of("c"), NodeId.of("z"));
    private static final long P = ClockLimits.MAX_UNHELD_COUNTER;

    /** What a client sends: the context of a read, a blind write, or a forged clock. */
    enum Kind { READ, BLIND, FORGED }

    /** One put through {@code coordinator}; for a forged context, its entries as (name, counter). */
    record Step(Kind kind, int coordinator, List<long[]> forged) {
        Context context(List<Versioned<Integer>> siblings) {
            if (kind == Kind.READ) {
                return Context.of(siblings);
            }
            if (kind == Kind.BLIND) {
                return Context.EMPTY;
            }
            List<VectorClock.Entry> entries = new ArrayList<>();
            for (long[] e : forged) {
                NodeId name = NAMES.get((int) e[0]);
                if (entries.stream().noneMatch(x -> x.node().equals(name))) {
                    entries.add(new VectorClock.Entry(name, e[1], 1));
                }
            }
            return new Context(VectorClock.of(entries.toArray(VectorClock.Entry[]::new)));
        }
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Long> counters = Arbitraries.oneOf(
                Arbitraries.of(1L, 2L, P - 1, P, P + 1, P + 2, ClockLimits.MAX_COUNTER - 1, ClockLimits.MAX_COUNTER),
                Arbitraries.longs().between(1, ClockLimits.MAX_COUNTER));
        Arbitrary<long[]> entry = Combinators.combine(Arbitraries.integers().between(0, NAMES.size() - 1), counters)
                .as((name, counter) -> new long[] {name, counter});
        Arbitrary<Step> step = Combinators.combine(Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, COORDINATORS.size() - 1), entry.list().ofMinSize(1).ofMaxSize(3))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 500)
    void noContextMakesALaterValidPutFail(@ForAll("histories") List<Step> history) {
        List<Versioned<Integer>> siblings = List.of();
        int writes = 0;
        for (Step step : history) {
            Context context = step.context(siblings);
            try {
                DottedVersionVector v = write(COORDINATORS.get(step.coordinator()), context, siblings);
                siblings = Reconciliation.reconcile(siblings, new Versioned<>(v, writes++));
            } catch (ClockLimitException refused) {
                assertThat(step.kind()).as("only a forged context is ever refused: " + refused.getMessage())
                        .isEqualTo(Kind.FORGED);
            }
            List<Versioned<Integer>> now = siblings;
            for (NodeId coordinator : COORDINATORS) {
                assertThatCode(() -> write(coordinator, Context.of(now), now))
                        .as("a put through %s with the context of a read", coordinator).doesNotThrowAnyException();
                assertThatCode(() -> write(coordinator, Context.EMPTY, now))
                        .as("a blind put through %s", coordinator).doesNotThrowAnyException();
            }
            assertThat(highestCounter(siblings)).as("above 2^53 counters grow by one per write at most")
                    .isLessThanOrEqualTo(P + writes);
        }
    }

    private static DottedVersionVector write(NodeId coordinator, Context context, List<Versioned<Integer>> local) {
        return DottedVersionVector.forWrite(coordinator, 10, context, local, VectorClock.DEFAULT_MAX_ENTRIES);
    }

    private static long highestCounter(List<Versioned<Integer>> siblings) {
        long highest = 0;
        for (Versioned<Integer> s : siblings) {
            for (VectorClock.Entry e : s.version().clock().entries()) {
                highest = Math.max(highest, e.counter());
            }
        }
        return highest;
    }
}
