package io.dynacart.cart.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.cart.CartId;
import io.dynacart.cart.Money;
import io.dynacart.cart.ProductId;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An order's stored form, JSON:
 * <pre>{"format":1,"id":"…","cart":"…","currency":"EUR","placedAt":"2026-…Z","versionsMerged":1,
 *  "lines":[{"product":"kettle","name":"Stovetop kettle","unitPrice":3499,"quantity":2}]}</pre>
 * Amounts are minor units; line totals and the total are recomputed on reading, never trusted.
 */
final class OrderCodec {

    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    record Stored(int format, String id, String cart, String currency, String placedAt, int versionsMerged,
                  List<StoredLine> lines) {}

    record StoredLine(String product, String name, long unitPrice, long quantity) {}

    private OrderCodec() {}

    static byte[] encode(Order order) {
        List<StoredLine> lines = new ArrayList<>();
        for (Order.Line l : order.lines()) {
            lines.add(new StoredLine(l.product().value(), l.name(), l.unitPrice().minorUnits(), l.quantity()));
        }
        try {
            return JSON.writeValueAsBytes(new Stored(FORMAT, order.id(), order.cart().value(), order.total().currency(),
                    order.placedAt().toString(), order.versionsMerged(), lines));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write order " + order.id() + " as JSON", e);
        }
    }

    static Order decode(byte[] bytes) {
        try {
            Stored s = JSON.readValue(bytes, Stored.class);
            if (s.format() != FORMAT) {
                throw new IllegalArgumentException("format " + s.format() + " is not " + FORMAT);
            }
            List<Order.Line> lines = new ArrayList<>();
            Money total = Money.zero(s.currency());
            for (StoredLine l : s.lines()) {
                Money unit = Money.of(l.unitPrice(), s.currency());
                Money lineTotal = unit.times(l.quantity());
                total = total.plus(lineTotal);
                lines.add(new Order.Line(ProductId.of(l.product()), l.name(), unit, l.quantity(), lineTotal));
            }
            return new Order(s.id(), CartId.of(s.cart()), lines, total, Instant.parse(s.placedAt()), s.versionsMerged());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the stored order is unreadable: " + e.getMessage(), e);
        }
    }
}
