package io.dynacart.web.pages;

import io.dynacart.web.control.ControlState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ring as an inline SVG: a circle of Q equal slices, each coloured by the node that owns the
 * partition (strategy 3 of the paper: fixed, equal partitions assigned to nodes), and, when the nodes
 * are in several zones, a thin inner band coloured by the owner's zone, so one sees the zones take
 * turns round the ring.
 */
public final class RingDrawing {

    /** Distinct colours for up to twelve nodes; more repeat. */
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2",
        "#edc948", "#9c755f", "#ff9da7", "#bab0ac", "#1f77b4", "#2ca02c"};
    static final double CENTRE = 150;
    static final double OUTER = 140;
    static final double INNER = 96;
    /** The zone band, inside the ring. */
    static final double ZONE_OUTER = 92;
    static final double ZONE_INNER = 82;
    /** Colours for zones, darker than the nodes' so the band reads apart from the ring; more repeat. */
    private static final String[] ZONE_PALETTE = {"#1b3a5c", "#8c2d04", "#2d5a27", "#5b2a6e", "#6b6b6b", "#7a5c00"};

    private RingDrawing() {}

    /**
     * The ring of one {@link ControlState}, drawn: the page and its refresh both draw it from the same
     * state as the node table beside it, so the two always show the same ring version.
     *
     * @param zoneBand   the inner band, each partition coloured by its owner's zone (empty in one zone)
     * @param zoneLegend each zone and its colour
     */
    public record View(long version, int partitions, List<Slice> slices, List<Legend> legend, List<Slice> zoneBand,
                       List<ZoneLegend> zoneLegend) {

        public View {
            slices = List.copyOf(slices);
            legend = List.copyOf(legend);
            zoneBand = List.copyOf(zoneBand);
            zoneLegend = List.copyOf(zoneLegend);
        }

        public boolean zoned() {
            return !zoneBand.isEmpty();
        }
    }

    /** The ring {@code state} holds, with its version. */
    public static View of(ControlState state) {
        Map<String, String> zoneOf = new HashMap<>();
        state.nodes().forEach(n -> zoneOf.put(n.id(), n.zone()));
        return new View(state.ringVersion(), state.partitionCount(), slices(state.owners()), legend(state.owners()),
                state.zoned() ? zoneBand(state.owners(), zoneOf) : List.of(), zoneLegend(state.zones()));
    }

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

    /** A zone and its colour, for the legend. */
    public record ZoneLegend(String zone, String colour) {
    }

    public static List<Slice> slices(List<String> owners) {
        List<Slice> out = new ArrayList<>();
        int q = owners.size();
        for (int i = 0; i < q; i++) {
            String owner = owners.get(i);
            out.add(new Slice(arc(i, q, OUTER, INNER), colourOf(owner), "partition " + i + ": " + owner));
        }
        return out;
    }

    /** The zone band: partition i coloured by the zone of its owner ({@code zoneOf}: node to zone). */
    public static List<Slice> zoneBand(List<String> owners, Map<String, String> zoneOf) {
        List<String> zones = zoneOf.values().stream().distinct().sorted().toList();
        List<Slice> out = new ArrayList<>();
        int q = owners.size();
        for (int i = 0; i < q; i++) {
            String zone = zoneOf.getOrDefault(owners.get(i), "");
            out.add(new Slice(arc(i, q, ZONE_OUTER, ZONE_INNER), zoneColour(zones.indexOf(zone)),
                    "partition " + i + ": " + owners.get(i) + " in zone " + zone));
        }
        return out;
    }

    /** Each of {@code zones} (sorted) with the colour {@link #zoneBand} gives it. */
    public static List<ZoneLegend> zoneLegend(List<String> zones) {
        List<String> sorted = zones.stream().sorted().toList();
        List<ZoneLegend> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            out.add(new ZoneLegend(sorted.get(i), zoneColour(i)));
        }
        return out;
    }

    private static String zoneColour(int index) {
        return ZONE_PALETTE[Math.floorMod(index, ZONE_PALETTE.length)];
    }

    /** The SVG path of slice i of q between radii {@code outer} and {@code inner}. */
    private static String arc(int i, int q, double outer, double inner) {
        double a0 = 2 * Math.PI * i / q - Math.PI / 2;
        double a1 = 2 * Math.PI * (i + 1) / q - Math.PI / 2;
        int large = a1 - a0 > Math.PI ? 1 : 0;
        return String.format(Locale.ROOT, "M%.2f %.2fA%.0f %.0f 0 %d 1 %.2f %.2fL%.2f %.2fA%.0f %.0f 0 %d 0 %.2f %.2fZ",
                x(outer, a0), y(outer, a0), outer, outer, large, x(outer, a1), y(outer, a1),
                x(inner, a1), y(inner, a1), inner, inner, large, x(inner, a0), y(inner, a0));
    }

    /**
     * Where a key sits on the ring: a needle from inside the ring to just beyond it at the key's hash,
     * a dot at its tip, and the outline of its partition's slice.
     *
     * @param position the hash as a fraction of the ring, in [0, 1) (0 at the top, clockwise)
     */
    public record KeyMarker(String x1, String y1, String x2, String y2, String dotX, String dotY, String slice) {
    }

    /** The marker of a key at {@code position} (see {@link #position}) in {@code partition} of {@code q}. */
    public static KeyMarker keyMarker(double position, int partition, int q) {
        double angle = 2 * Math.PI * position - Math.PI / 2;
        return new KeyMarker(coord(x(INNER - 14, angle)), coord(y(INNER - 14, angle)), coord(x(OUTER + 6, angle)),
                coord(y(OUTER + 6, angle)), coord(x(OUTER + 6, angle)), coord(y(OUTER + 6, angle)),
                arc(partition, q, OUTER, INNER));
    }

    /**
     * A 128-bit hash, 32 hex digits, as a fraction of the ring in [0, 1): its top 53 bits over 2^53, so
     * that partition {@code i} of Q holds exactly the positions in [i/Q, (i+1)/Q).
     */
    public static double position(String hexHash) {
        if (hexHash.length() < 16) {
            throw new IllegalArgumentException("a hash is 32 hex digits, was '" + hexHash + "'");
        }
        long high = Long.parseUnsignedLong(hexHash.substring(0, 16), 16);
        return (high >>> 11) / (double) (1L << 53);
    }

    private static String coord(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
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
