package io.dynacart.web.pages;

import io.dynacart.web.control.ControlState;
import io.dynacart.web.metrics.StoreMetrics;

/**
 * The cluster page's model.
 *
 * @param ring       the ring of {@code state}, drawn
 * @param divergence reads by versions seen over the last minute
 * @param sinceStart the same since the demo started
 * @param notice     what the last action did ("" for none)
 */
public record ClusterView(Frame frame, ControlState state, RingDrawing.View ring, StoreMetrics.Divergence divergence,
                          StoreMetrics.Divergence sinceStart, boolean shoppersOn, int shoppersRate, String notice) {

    /** A share of reads as the page prints it, e.g. {@code 99.94}. */
    public static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.2f", share);
    }
}
