package io.dynacart.cart.catalog;

import io.dynacart.cart.Money;
import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import java.util.ArrayList;
import java.util.List;

/** The catalog a fresh store is seeded with: three dozen products on six shelves, priced in euros. */
public final class StandardCatalog {

    public static final String CURRENCY = "EUR";

    private StandardCatalog() {}

    private static final Object[][] ROWS = {
        // id, name, price in cents, category
        {"kettle", "Stovetop kettle", 3499, "Kitchen"},
        {"chef-knife", "Chef's knife", 5900, "Kitchen"},
        {"cutting-board", "Oak cutting board", 2450, "Kitchen"},
        {"espresso-pot", "Espresso pot", 2999, "Kitchen"},
        {"mixing-bowls", "Mixing bowls, set of 3", 1875, "Kitchen"},
        {"tea-towels", "Linen tea towels", 1200, "Kitchen"},
        {"coffee-beans", "Coffee beans, 1 kg", 2290, "Pantry"},
        {"green-tea", "Sencha green tea", 899, "Pantry"},
        {"olive-oil", "Olive oil, 750 ml", 1450, "Pantry"},
        {"dark-chocolate", "Dark chocolate, 85%", 349, "Pantry"},
        {"honey", "Wildflower honey", 795, "Pantry"},
        {"sea-salt", "Flaky sea salt", 525, "Pantry"},
        {"notebook", "Dotted notebook A5", 1490, "Office"},
        {"fountain-pen", "Fountain pen", 3200, "Office"},
        {"desk-lamp", "Desk lamp", 4999, "Office"},
        {"sticky-notes", "Sticky notes, 12 pads", 650, "Office"},
        {"stapler", "Heavy stapler", 2199, "Office"},
        {"paper-clips", "Paper clips, 500", 299, "Office"},
        {"headphones", "Wireless headphones", 12900, "Electronics"},
        {"usb-cable", "USB-C cable, 2 m", 1299, "Electronics"},
        {"power-bank", "Power bank 10000 mAh", 3499, "Electronics"},
        {"keyboard", "Mechanical keyboard", 8900, "Electronics"},
        {"mouse", "Wireless mouse", 2599, "Electronics"},
        {"webcam", "HD webcam", 5499, "Electronics"},
        {"tent", "Two-person tent", 18900, "Outdoors"},
        {"sleeping-bag", "Down sleeping bag", 15900, "Outdoors"},
        {"headlamp", "Headlamp", 2999, "Outdoors"},
        {"water-bottle", "Steel water bottle", 1999, "Outdoors"},
        {"compass", "Baseplate compass", 2350, "Outdoors"},
        {"rain-jacket", "Rain jacket", 9900, "Outdoors"},
        {"dynamo-paper", "Dynamo, SOSP 2007 (print)", 1500, "Books"},
        {"ddia", "Designing Data-Intensive Applications", 4200, "Books"},
        {"sre-book", "Site Reliability Engineering", 3900, "Books"},
        {"crdt-primer", "A CRDT primer", 2500, "Books"},
        {"lamport-clocks", "Time, Clocks, and the Ordering of Events", 990, "Books"},
        {"paxos-made-simple", "Paxos Made Simple", 790, "Books"},
    };

    /** The standard catalog. */
    public static Catalog catalog() {
        List<Product> products = new ArrayList<>();
        for (Object[] row : ROWS) {
            products.add(new Product(ProductId.of((String) row[0]), (String) row[1],
                    Money.of((Integer) row[2], CURRENCY), (String) row[3]));
        }
        return new Catalog(CURRENCY, products);
    }
}
