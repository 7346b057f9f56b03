package io.dynacart.web.pages;

import io.dynacart.cart.Product;

/** A product as the shop grid and the lab's pickers show it. */
public record ProductCard(String id, String name, String price, String category, String icon) {

    public static ProductCard of(Product p) {
        return new ProductCard(p.id().value(), p.name(), Prices.format(p.price()), p.category(),
                ProductIcon.dataUri(p, 96));
    }
}
