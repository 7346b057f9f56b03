package io.dynacart.web.pages;

import io.dynacart.web.control.ControlState;
import io.dynacart.web.metrics.StoreMetrics;
import java.util.List;

/**
 * The cluster page's model.
 *
 * @param notice what the last action did ("" for none)
 */
public record ClusterView(Frame frame, ControlState state, List<RingDrawing.Slice> ring,
                          List<RingDrawing.Legend> legend, StoreMetrics.Divergence divergence,
                          boolean shoppersOn, int shoppersRate, String notice) {

    public ClusterView {
        ring = List.copyOf(ring);
        legend = List.copyOf(legend);
    }
}
