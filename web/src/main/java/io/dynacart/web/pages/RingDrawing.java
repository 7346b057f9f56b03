package io.dynacart.web.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ring as an inline SVG: a circle of Q equal slices, each coloured by the node that owns the
 * partition (strategy 3 of the paper: fixed, equal partitions assigned to nodes).
 */
public final class RingDrawing {

    /** Distinct colours for up to twelve nodes; more repeat. */
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2",
        "#edc948", "#9c755f", "#ff9da7", "#bab0ac", "#1f77b4", "#2ca02c"};
    static final double CENTRE = 150;
    static final double OUTER = 140;
    static final double INNER = 96;

    private RingDrawing() {}

    /** One partition's slice: the SVG path, its fill, and a tooltip. */
    public record Slice(String path, String colour, String title) {
    }

    /** A node and its colour, for the legend. */
    public record Legend(String node, String colour, long partitions) {
    }

    public static String colourOf(String node) {
        int n;
        try {
            n = Integer.parseInt(node.substring(1));
        } catch (RuntimeException e) {
            n = Math.abs(node.hashCode());
        }
        return PALETTE[Math.floorMod(n - 1, PALETTE.length)];
    }

    public static List<Slice> slices(List<String> owners) {
        List<Slice> out = new ArrayList<>();
        int q = owners.size();
        for (int i = 0; i < q; i++) {
            double a0 = 2 * Math.PI * i / q - Math.PI / 2;
            double a1 = 2 * Math.PI * (i + 1) / q - Math.PI / 2;
            int large = a1 - a0 > Math.PI ? 1 : 0;
            String path = String.format(Locale.ROOT, "M%.2f %.2fA%.0f %.0f 0 %d 1 %.2f %.2fL%.2f %.2fA%.0f %.0f 0 %d 0 %.2f %.2fZ",
                    x(OUTER, a0), y(OUTER, a0), OUTER, OUTER, large, x(OUTER, a1), y(OUTER, a1),
                    x(INNER, a1), y(INNER, a1), INNER, INNER, large, x(INNER, a0), y(INNER, a0));
            String owner = owners.get(i);
            out.add(new Slice(path, colourOf(owner), "partition " + i + ": " + owner));
        }
        return out;
    }

    public static List<Legend> legend(List<String> owners) {
        Map<String, Long> counts = new LinkedHashMap<>();
        owners.stream().sorted(RingDrawing::byNumber).forEach(o -> counts.merge(o, 1L, Long::sum));
        List<Legend> out = new ArrayList<>();
        counts.forEach((node, n) -> out.add(new Legend(node, colourOf(node), n)));
        return out;
    }

    private static int byNumber(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static double x(double r, double angle) {
        return CENTRE + r * Math.cos(angle);
    }

    private static double y(double r, double angle) {
        return CENTRE + r * Math.sin(angle);
    }
}
