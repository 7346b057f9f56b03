package io.dynacart.store.versioning;

import static io.dynacart.store.versioning.Clocks.entry;
import static io.dynacart.store.versioning.Clocks.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import org.junit.jupiter.api.Test;

/** What truncation does, and the two ways it can mislead (see {@link VectorClock}). */
class VectorClockTruncationTest {

    /** A clock with entries n01..n{count}, where n01 is the oldest. */
    private static VectorClock clockOfNodes(int count) {
        VectorClock c = VectorClock.EMPTY;
        for (int i = 1; i <= count; i++) {
            c = c.increment(node(String.format("n%02d", i)), 1000 + i, Integer.MAX_VALUE);
        }
        return c;
    }

    @Test
    void incrementPastTheDefaultThresholdDropsTheOldestEntry() {
        int max = VectorClock.DEFAULT_MAX_ENTRIES;
        VectorClock full = clockOfNodes(max);
        NodeId newest = node(String.format("n%02d", max + 1));

        VectorClock onePast = full.increment(newest, 5000);

        assertThat(onePast.size()).as("default threshold").isEqualTo(max);
        assertThat(onePast.counter(node("n01"))).as("the oldest entry is the one that goes").isZero();
        assertThat(onePast.counter(newest)).isEqualTo(1);
    }

    @Test
    void thresholdIsConfigurableAndNeverDropsTheNodeBeingIncremented() {
        VectorClock c = VectorClock.of(entry("a", 5, 1), entry("b", 1, 50), entry("c", 1, 60));

        VectorClock truncated = c.increment(node("a"), 70, 2);

        assertThat(truncated.entries()).containsExactly(entry("a", 6, 70), entry("c", 1, 60));
    }

    @Test
    void truncationCanTurnAnAncestorIntoASpuriousConflict() {
        int max = VectorClock.DEFAULT_MAX_ENTRIES;
        VectorClock ancestor = clockOfNodes(max);
        NodeId newest = node(String.format("n%02d", max + 1));
        VectorClock descendant = ancestor.increment(newest, 5000);
        VectorClock untruncated = ancestor.increment(newest, 5000, Integer.MAX_VALUE);

        assertThat(untruncated.compare(ancestor)).as("without truncation the write descends").isEqualTo(Causality.AFTER);
        assertThat(descendant.compare(ancestor))
                .as("truncation forgot n01, so the ancestor looks concurrent: harmless, the client merges both")
                .isEqualTo(Causality.CONCURRENT);
    }

    @Test
    void truncationCanMakeAConcurrentVersionLookLikeAnAncestorAndLoseIt() {
        int max = VectorClock.DEFAULT_MAX_ENTRIES;
        VectorClock w = clockOfNodes(max + 1);
        // v saw every write of w but n01's, and adds one of its own: the two are concurrent.
        VectorClock v = new VectorClock(w.entries().subList(1, max + 1)).increment(node("n99"), 9000, Integer.MAX_VALUE);
        assertThat(w.compare(v)).as("before truncation w and v are concurrent").isEqualTo(Causality.CONCURRENT);

        VectorClock wTruncated = w.truncate(VectorClock.DEFAULT_MAX_ENTRIES);

        assertThat(wTruncated.counter(node("n01"))).as("n01 was w's oldest entry").isZero();
        assertThat(wTruncated.compare(v))
                .as("once truncated, w looks like an ancestor of v, which never saw n01's write: w would be dropped")
                .isEqualTo(Causality.BEFORE);
    }

    @Test
    void truncationCanMakeAReissuedCounterLookAlreadySeen() {
        // x's only entry was dropped everywhere, so x starts counting again from 1 ...
        VectorClock old = VectorClock.of(entry("x", 3, 10), entry("y", 1, 20));
        VectorClock forgotten = old.truncate(1);
        VectorClock rewritten = forgotten.increment(node("x"), 30, Integer.MAX_VALUE);
        assertThat(rewritten.counter(node("x"))).isEqualTo(1);

        // ... and an old clock that still holds [x,3] claims that new write as seen.
        Dot newWrite = new Dot(node("x"), rewritten.counter(node("x")), 30);
        assertThat(old.covers(newWrite)).as("a new write taken for one already seen").isTrue();
    }
}
