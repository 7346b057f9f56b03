package io.dynacart.store.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.Key;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentSiblingSetsTest {

    private static final Key A = Key.of("a");
    private static final Key B = Key.of("b");
    private static final long EACH = 100 + RecentSiblingSets.ENTRY_OVERHEAD_BYTES;

    private static RecentSiblingSets.Entry pending(long seq) {
        return new RecentSiblingSets.Entry(List.of(), 100, seq, false);
    }

    private static RecentSiblingSets.Entry loaded() {
        return new RecentSiblingSets.Entry(List.of(), 100, 0, true);
    }

    @Test
    void aPendingSetIsNeverEvictedHoweverSmallTheBudget() {
        RecentSiblingSets recent = new RecentSiblingSets(0);
        RecentSiblingSets.Entry a = pending(1);
        recent.pending(A, a);
        recent.loaded(B, loaded());
        assertThat(recent.get(A)).isSameAs(a);
        assertThat(recent.get(B)).as("an applied set past the budget goes at once").isNull();
        recent.applied(A, a);
        assertThat(recent.get(A)).as("once in SQLite it may go").isNull();
        assertThat(recent.appliedBytes()).isZero();
    }

    @Test
    void anAppliedWriteStaysOnlyIfNoNewerWriteReplacedIt() {
        RecentSiblingSets recent = new RecentSiblingSets(1 << 20);
        RecentSiblingSets.Entry first = pending(1);
        RecentSiblingSets.Entry second = pending(2);
        recent.pending(A, first);
        recent.pending(A, second);
        recent.applied(A, first);
        assertThat(recent.get(A)).isSameAs(second);
        assertThat(recent.appliedBytes()).isZero();
        recent.applied(A, second);
        assertThat(recent.get(A).applied()).isTrue();
        assertThat(recent.get(A).seq()).isEqualTo(2);
        assertThat(recent.appliedBytes()).isEqualTo(EACH);
    }

    @Test
    void aLoadedSetNeverReplacesWhatIsKeptAndAWriteReplacesALoadedSet() {
        RecentSiblingSets recent = new RecentSiblingSets(1 << 20);
        RecentSiblingSets.Entry write = pending(5);
        recent.pending(A, write);
        recent.loaded(A, loaded());
        assertThat(recent.get(A)).isSameAs(write);

        recent.loaded(B, loaded());
        RecentSiblingSets.Entry later = pending(6);
        recent.pending(B, later);
        assertThat(recent.get(B)).isSameAs(later);
        assertThat(recent.appliedBytes()).as("the loaded copy's bytes are given back").isZero();
    }

    @Test
    void aKeyWrittenOverAndOverWithinTheBudgetLeavesABoundedQueue() {
        RecentSiblingSets recent = new RecentSiblingSets(1 << 20);
        for (long seq = 1; seq <= 100_000; seq++) {
            RecentSiblingSets.Entry write = pending(seq);
            recent.pending(A, write);
            recent.applied(A, write);
        }
        assertThat(recent.get(A).seq()).isEqualTo(100_000);
        assertThat(recent.size()).isEqualTo(1);
        assertThat(recent.queued()).as("stale items are dropped").isLessThanOrEqualTo(2 * recent.size() + 1024);
        assertThat(recent.appliedBytes()).isEqualTo(EACH);
    }

    @Test
    void aStaleItemInTheQueueNeverEvictsTheKeysNewerSet() {
        RecentSiblingSets recent = new RecentSiblingSets(2 * EACH);
        RecentSiblingSets.Entry first = pending(1);
        recent.pending(A, first);
        recent.applied(A, first); // queued: A(first)
        RecentSiblingSets.Entry second = pending(2);
        recent.pending(A, second);
        recent.applied(A, second); // queued: A(first, stale), A(second)
        recent.loaded(B, loaded());
        recent.loaded(Key.of("c"), loaded()); // over budget: polls A(first), stale, then A(second)
        assertThat(recent.get(A)).as("evicted as the oldest live set").isNull();
        assertThat(recent.get(B)).isNotNull();
        assertThat(recent.appliedBytes()).isEqualTo(2 * EACH);
    }

    @Test
    void theOldestAppliedSetsGoFirstWithinTheBudget() {
        RecentSiblingSets recent = new RecentSiblingSets(2 * EACH);
        Key c = Key.of("c");
        recent.loaded(A, loaded());
        recent.loaded(B, loaded());
        recent.loaded(c, loaded());
        assertThat(recent.get(A)).isNull();
        assertThat(recent.get(B)).isNotNull();
        assertThat(recent.get(c)).isNotNull();
        assertThat(recent.appliedBytes()).isEqualTo(2 * EACH);

        recent.forgetApplied(k -> k.equals(B));
        assertThat(recent.get(B)).isNull();
        assertThat(recent.appliedBytes()).isEqualTo(EACH);
    }
}
