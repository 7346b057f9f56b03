package io.dynacart.store.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of a {@link FaultPlan}: who reaches whom, what is valid, and how it reads in a log. */
class FaultPlanTest {

    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");
    private static final NodeId N4 = NodeId.of("n4");
    private static final NodeId N5 = NodeId.of("n5");

    @Test
    void groupsSeparateTheirMembersAndLeaveOtherNodesConnectedToAll() {
        FaultPlan plan = FaultPlan.NONE.withPartition(List.of(Set.of(N1, N2), Set.of(N3)));
        assertThat(plan.separates(N1, N3)).as("different groups are cut apart").isTrue();
        assertThat(plan.separates(N3, N2)).as("both ways").isTrue();
        assertThat(plan.separates(N1, N2)).as("one group keeps talking").isFalse();
        assertThat(plan.separates(N4, N1)).as("a node in no group reaches every node").isFalse();
        assertThat(plan.separates(N3, N4)).as("and is reached by every node").isFalse();
        assertThat(plan.separates(N3, N3)).as("a node always reaches itself").isFalse();
    }

    @Test
    void anIsolatedNodeReachesNoOtherNode() {
        FaultPlan plan = FaultPlan.NONE.withIsolated(N1);
        assertThat(plan.separates(N1, N2)).isTrue();
        assertThat(plan.separates(N5, N1)).as("including nodes no partition names").isTrue();
        assertThat(plan.separates(N2, N5)).as("the others still talk").isFalse();
        assertThat(plan.separates(N1, N1)).isFalse();
    }

    @Test
    void aNewPartitionReplacesTheOldOneAndHealEndsBoth() {
        FaultPlan plan = FaultPlan.NONE.withDropRate(0.1).withIsolated(N1).withPartition(List.of(Set.of(N2), Set.of(N3)));
        assertThat(plan.separates(N1, N4)).as("partition replaces the isolation").isFalse();
        assertThat(plan.partitioned()).isTrue();
        FaultPlan healed = plan.healed();
        assertThat(healed.partitioned()).isFalse();
        assertThat(healed.dropRate()).as("healing keeps the other faults").isEqualTo(0.1);
    }

    @Test
    void invalidPlansAreRejectedWithTheReason() {
        assertThatThrownBy(() -> FaultPlan.NONE.withDropRate(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("drop rate must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> FaultPlan.NONE.withDuplicateRate(Double.NaN))
                .hasMessage("duplicate rate must be between 0 and 1, was NaN");
        assertThatThrownBy(() -> FaultPlan.NONE.withDropRate(-0.01))
                .hasMessage("drop rate must be between 0 and 1, was -0.01");
        assertThatThrownBy(() -> FaultPlan.NONE.withDelay(-1, 5))
                .hasMessage("delay minimum must be >= 0 ms, was -1");
        assertThatThrownBy(() -> FaultPlan.NONE.withDelay(50, 10))
                .hasMessage("delay minimum 50 ms is above the maximum 10 ms");
        assertThatThrownBy(() -> FaultPlan.NONE.withDelay(0, FaultPlan.MAX_DELAY_MILLIS + 1))
                .hasMessageStartingWith("delay maximum must be <= 3600000 ms, was 3600001");
        assertThatThrownBy(() -> FaultPlan.NONE.withPartition(List.of(Set.of(N1, N2), Set.of(N2, N3))))
                .hasMessage("node n2 is in two partition groups, {n1, n2} and {n2, n3}; a node may be in one group at most");
    }

    @Test
    void theEdgesOfTheRangesAreValid() {
        FaultPlan plan = FaultPlan.NONE.withDropRate(1).withDuplicateRate(0).withDelay(7, 7);
        assertThat(plan.dropRate()).isEqualTo(1);
        assertThat(plan.delayMaxMillis()).isEqualTo(7);
    }

    @Test
    void itReadsAsOneSortedLineInALog() {
        FaultPlan plan = FaultPlan.NONE
                .withPartition(List.of(Set.of(N2, N1), Set.of(N5, N3, N4)))
                .withDropRate(0.3).withDuplicateRate(0.05).withDelay(10, 50);
        assertThat(plan).hasToString("FaultPlan[partition {n1, n2} | {n3, n4, n5}; drop 30%; duplicate 5%; delay 10..50 ms]");
        assertThat(FaultPlan.NONE.withIsolated(N3).withIsolated(N1).withDelay(20, 20))
                .hasToString("FaultPlan[isolated n1, n3; delay 20 ms]");
        assertThat(FaultPlan.NONE).hasToString("FaultPlan[perfect network]");
    }

    @Test
    void thePlanCopiesWhatItIsGiven() {
        Set<NodeId> group = new HashSet<>(Set.of(N1));
        FaultPlan plan = FaultPlan.NONE.withPartition(List.of(group, Set.of(N2)));
        group.add(N2);
        assertThat(plan.separates(N1, N2)).as("changing the caller's set does not change the plan").isTrue();
    }
}
