package io.dynacart.web.pages;

import io.dynacart.web.control.ControlState;
import io.dynacart.web.metrics.StoreMetrics;
import java.util.List;

/**
 * The cluster page's model.
 *
 * @param notice     what the last action did ("" for none)
 * @param zoneBand   the ring's inner band, each partition coloured by its owner's zone (empty in one zone)
 * @param zoneLegend each zone and its colour
 */
public record ClusterView(Frame frame, ControlState state, List<RingDrawing.Slice> ring,
                          List<RingDrawing.Legend> legend, StoreMetrics.Divergence divergence,
                          boolean shoppersOn, int shoppersRate, String notice, List<RingDrawing.Slice> zoneBand,
                          List<RingDrawing.ZoneLegend> zoneLegend) {

    public ClusterView {
        ring = List.copyOf(ring);
        legend = List.copyOf(legend);
        zoneBand = List.copyOf(zoneBand);
        zoneLegend = List.copyOf(zoneLegend);
    }
}
