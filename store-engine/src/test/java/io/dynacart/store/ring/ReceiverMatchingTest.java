package io.dynacart.store.ring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiverMatchingTest {

    @Test
    void movesAPlacedItemAlongAnAugmentingPathToMakeRoom() {
        boolean[][] compatible = {
                {true, true},
                {true, false}};
        ReceiverMatching matching = new ReceiverMatching(compatible, new int[] {0, 1});

        int placed = matching.placeAll(new int[] {1, 1}, 2);

        assertThat(placed).as("both items fit once item 0 moves from receiver 0 to receiver 1").isEqualTo(2);
        assertThat(matching.receiverOf(0)).isEqualTo(1);
        assertThat(matching.receiverOf(1)).isEqualTo(0);
    }

    @Test
    void leavesAnItemUnplacedWhenNoCompatibleReceiverHasRoom() {
        boolean[][] compatible = {
                {true, false},
                {true, false},
                {false, true}};
        ReceiverMatching matching = new ReceiverMatching(compatible, new int[] {1, 0});

        int placed = matching.placeAll(new int[] {1, 5}, 3);

        assertThat(placed).as("receiver 0 takes one of its two candidates; receiver 1 its one").isEqualTo(2);
        assertThat(matching.receiverOf(2)).isEqualTo(1);
        assertThat(matching.receiverOf(0) + matching.receiverOf(1)).as("one of items 0 and 1 is left out").isEqualTo(-1);
    }

    @Test
    void raisingCapacitiesLaterKeepsEarlierPlacementsAndLoads() {
        boolean[][] compatible = {
                {true, true},
                {true, true},
                {true, true}};
        ReceiverMatching matching = new ReceiverMatching(compatible, new int[] {0, 1});

        int first = matching.placeAll(new int[] {1, 0}, 3);
        int second = matching.placeAll(new int[] {1, 2}, 3);

        assertThat(first).as("the lower capacities admit one item").isEqualTo(1);
        assertThat(second).as("the higher ones admit the other two").isEqualTo(2);
        assertThat(matching.receiverOf(0)).as("an item once placed stays with its receiver here").isEqualTo(0);
        assertThat(matching.receiverOf(1)).isEqualTo(1);
        assertThat(matching.receiverOf(2)).isEqualTo(1);
    }

    @Test
    void stopsAtItsBudget() {
        boolean[][] compatible = {{true}, {true}, {true}};
        ReceiverMatching matching = new ReceiverMatching(compatible, new int[] {0});

        assertThat(matching.placeAll(new int[] {3}, 2)).as("no more placements than the budget").isEqualTo(2);
        assertThat(matching.receiverOf(2)).isEqualTo(-1);
    }
}
