package io.dynacart.cart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a page shows of a cart: its lines with quantities and line totals, the total, and how many
 * stored versions were merged to produce it (1 when the replicas agreed; more is divergence the
 * reader reconciled).
 *
 * @param unavailable items in the cart that the catalog no longer lists; they are kept, not priced
 */
public record CartView(List<Line> lines, Money total, int versionsMerged, List<ProductId> unavailable) {

    /** One priced line. */
    public record Line(Product product, long quantity, Money lineTotal) {
        public Line {
            Objects.requireNonNull(product, "product");
            if (quantity < 1) {
                throw new IllegalArgumentException("a line has at least one unit, was " + quantity);
            }
            Objects.requireNonNull(lineTotal, "lineTotal");
        }
    }

    public CartView {
        lines = List.copyOf(lines);
        Objects.requireNonNull(total, "total");
        if (versionsMerged < 0) {
            throw new IllegalArgumentException("versionsMerged must be >= 0, was " + versionsMerged);
        }
        unavailable = List.copyOf(unavailable);
    }

    /**
     * Prices {@code quantities} against {@code catalog}, in product-id order so that every replica
     * renders the same page; all prices must be in {@code currency}.
     */
    public static CartView of(Map<ProductId, Long> quantities, Map<ProductId, Product> catalog,
                              String currency, int versionsMerged) {
        SortedMap<ProductId, Long> sorted = new TreeMap<>(quantities);
        List<Line> lines = new ArrayList<>();
        List<ProductId> unavailable = new ArrayList<>();
        Money total = Money.zero(currency);
        for (Map.Entry<ProductId, Long> e : sorted.entrySet()) {
            Product product = catalog.get(e.getKey());
            if (product == null) {
                unavailable.add(e.getKey());
                continue;
            }
            Money lineTotal = product.price().times(e.getValue());
            total = total.plus(lineTotal);
            lines.add(new Line(product, e.getValue(), lineTotal));
        }
        return new CartView(lines, total, versionsMerged, unavailable);
    }

    /** Units across all lines, unavailable ones excluded. */
    public long itemCount() {
        return lines.stream().mapToLong(Line::quantity).sum();
    }
}
