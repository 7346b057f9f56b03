package io.dynacart.store.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitialLayoutTest {

    @Test
    void repairSwapsOwnersUntilSpacedAndKeepsEveryCount() {
        Ring crowded = TestRings.ring("AABBCCDD");
        Placement placement = new Placement(crowded.weights(), crowded.zones(), crowded.owners(), 8);
        int[] countsBefore = placement.count.clone();

        InitialLayout.repair(placement, 2);

        assertThat(placement.spacingViolations(2)).as("AABBCCDD can be spaced for n=2 by swaps alone").isZero();
        assertThat(placement.count).as("swaps never change a count").isEqualTo(countsBefore);
        assertThat(Arrays.stream(placement.owner).boxed().toList())
                .as("every partition still has an owner").allMatch(owner -> owner >= 0);
    }

    @Test
    void laysOutExactlyTheGivenCounts() {
        Ring reference = TestRings.ring("ABCDABCA");
        Placement placement = new Placement(reference.weights(), reference.zones(), null, 8);

        InitialLayout.layOut(placement, new int[] {3, 2, 2, 1}, 2);

        assertThat(placement.count).as("node i owns counts[i]").containsExactly(3, 2, 2, 1);
        assertThat(placement.spacingViolations(2)).as("no count exceeds Q/n = 4, so every 2 neighbours differ").isZero();
        assertThat(List.of(placement.toRing(1).partitionCounts().values().toArray()))
                .containsExactly(3, 2, 2, 1);
    }
}
