package io.dynacart.store.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteBudgetTest {

    private static final long MIB = 1L << 20;

    @Test
    void clientRequestsAreAdmittedOnlyWhileTheyKeepTheTotalWithinHalfTheLimit() {
        ByteBudget budget = new ByteBudget(16 * MIB);
        assertThat(budget.tryAdmit(8 * MIB)).as("exactly half is admitted").isTrue();
        assertThat(budget.tryAdmit(1)).as("a byte past half is not").isFalse();
        assertThat(budget.inUse()).as("a refusal takes nothing").isEqualTo(8 * MIB);
        assertThat(budget.refusals()).isEqualTo(1);
        budget.release(MIB);
        assertThat(budget.tryAdmit(MIB)).as("room released is room again").isTrue();
    }

    @Test
    void messagesOfAdmittedWorkMayUseTheWholeLimitButNoMore() {
        ByteBudget budget = new ByteBudget(16 * MIB);
        assertThat(budget.tryAdmit(8 * MIB)).isTrue();
        assertThat(budget.tryReserve(8 * MIB)).as("the other half is for messages").isTrue();
        assertThat(budget.tryReserve(1)).as("nothing past the limit").isFalse();
        assertThat(budget.tryAdmit(0)).as("a spent budget admits even an empty request only within half").isFalse();
    }

    @Test
    void bytesAlreadyInMemoryAreChargedEvenPastTheLimitAndThenBlockAdmission() {
        ByteBudget budget = new ByteBudget(16 * MIB);
        budget.charge(20 * MIB);
        assertThat(budget.inUse()).isEqualTo(20 * MIB);
        assertThat(budget.tryReserve(1)).isFalse();
        budget.release(20 * MIB);
        assertThat(budget.inUse()).isZero();
    }

    @Test
    void releasingMoreThanWasTakenIsABugAndChangesNothing() {
        ByteBudget budget = new ByteBudget(16 * MIB);
        budget.charge(10);
        assertThatThrownBy(() -> budget.release(11)).isInstanceOf(IllegalStateException.class);
        assertThat(budget.inUse()).isEqualTo(10);
        assertThatThrownBy(() -> budget.tryAdmit(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLimitBelowTwoOfTheLargestFramesIsRefused() {
        assertThatThrownBy(() -> new ByteBudget(16 * MIB - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16777216 bytes");
    }

    @Test
    void theDefaultIsAQuarterOfTheHeapSharedOutBetweenSixteenMibAndOneGib() {
        long gib = 1L << 30;
        assertThat(ByteBudget.defaultLimit(256 * MIB, 1)).as("a 256 MiB node process").isEqualTo(64 * MIB);
        assertThat(ByteBudget.defaultLimit(4 * gib, 5)).as("five nodes in a 4 GiB JVM").isEqualTo(4 * gib / 4 / 5);
        assertThat(ByteBudget.defaultLimit(32 * MIB, 1)).as("never below the minimum").isEqualTo(16 * MIB);
        assertThat(ByteBudget.defaultLimit(64 * gib, 1)).as("never above 1 GiB").isEqualTo(gib);
        assertThatThrownBy(() -> ByteBudget.defaultLimit(gib, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
