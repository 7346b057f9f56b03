package io.dynacart.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RingDrawingTest {

    @Test
    void everyPartitionIsOneSliceColouredByItsOwner() {
        List<String> owners = List.of("n1", "n2", "n3", "n1");
        List<RingDrawing.Slice> slices = RingDrawing.slices(owners);
        assertThat(slices).hasSize(4);
        assertThat(slices.get(0).colour()).as("one colour per node").isEqualTo(slices.get(3).colour())
                .isNotEqualTo(slices.get(1).colour());
        assertThat(slices.get(2).title()).isEqualTo("partition 2: n3");
        assertThat(slices).allSatisfy(s -> assertThat(s.path()).matches("M[0-9. ]+A.*Z"));
    }

    @Test
    void theLegendCountsPartitionsPerNodeInNodeOrder() {
        List<RingDrawing.Legend> legend = RingDrawing.legend(List.of("n10", "n2", "n2", "n1"));
        assertThat(legend).extracting(RingDrawing.Legend::node).containsExactly("n1", "n2", "n10");
        assertThat(legend).extracting(RingDrawing.Legend::partitions).containsExactly(1L, 2L, 1L);
    }

    @Test
    void theZoneBandColoursEachPartitionByItsOwnersZoneAsTheLegendSays() {
        List<String> owners = List.of("n1", "n2", "n3", "n4");
        Map<String, String> zoneOf = Map.of("n1", "a", "n2", "b", "n3", "a", "n4", "b");
        List<RingDrawing.Slice> band = RingDrawing.zoneBand(owners, zoneOf);
        List<RingDrawing.ZoneLegend> legend = RingDrawing.zoneLegend(List.of("b", "a"));

        assertThat(band).hasSize(4);
        assertThat(band.get(0).colour()).as("n1 and n3 share zone a").isEqualTo(band.get(2).colour())
                .isNotEqualTo(band.get(1).colour()).isNotEqualTo(RingDrawing.colourOf("n1"));
        assertThat(band.get(3).title()).isEqualTo("partition 3: n4 in zone b");
        assertThat(legend).extracting(RingDrawing.ZoneLegend::zone).containsExactly("a", "b");
        assertThat(legend.get(0).colour()).as("the legend's colour is the band's").isEqualTo(band.get(0).colour());
        assertThat(legend.get(1).colour()).isEqualTo(band.get(1).colour());
    }

    @Test
    void aKeysPositionIsItsHashAsAFractionOfTheRingAndFallsInItsPartition() {
        assertThat(RingDrawing.position("00000000000000000000000000000000")).isZero();
        assertThat(RingDrawing.position("80000000000000000000000000000000")).isEqualTo(0.5);
        assertThat(RingDrawing.position("ffffffffffffffffffffffffffffffff")).isLessThan(1.0).isGreaterThan(0.999);
        // partition 39 of 64 holds the hashes whose top 6 bits are 39
        String hash = Long.toHexString((39L << 58) | 12345L) + "0123456789abcdef";
        double p = RingDrawing.position(hash);
        assertThat(p).isGreaterThanOrEqualTo(39 / 64.0).isLessThan(40 / 64.0);
    }

    @Test
    void theKeyMarkerPointsAtThePositionAndOutlinesThePartition() {
        RingDrawing.KeyMarker top = RingDrawing.keyMarker(0, 0, 4);
        assertThat(top.x2()).as("a key at 0 is at twelve o'clock").isEqualTo("150.00");
        assertThat(Double.parseDouble(top.y2())).isLessThan(RingDrawing.CENTRE - RingDrawing.OUTER);
        RingDrawing.KeyMarker quarter = RingDrawing.keyMarker(0.25, 1, 4);
        assertThat(Double.parseDouble(quarter.x2())).as("a quarter round is at three o'clock")
                .isGreaterThan(RingDrawing.CENTRE + RingDrawing.OUTER);
        assertThat(quarter.slice()).isEqualTo(RingDrawing.slices(List.of("a", "b", "c", "d")).get(1).path());
    }
}
