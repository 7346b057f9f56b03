package io.dynacart.cart.catalog;

import io.dynacart.cart.Money;
import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The products the shop sells, in display order, all priced in one currency. Immutable; a new
 * catalog replaces the old one.
 */
public final class Catalog {

    /** More products than a shop grid of this demo should ever hold; guards the stored form's size. */
    public static final int MAX_PRODUCTS = 1_000;

    private final String currency;
    private final Map<ProductId, Product> products;

    public Catalog(String currency, List<Product> products) {
        Objects.requireNonNull(currency, "currency");
        Money.zero(currency); // validates the code
        if (products.size() > MAX_PRODUCTS) {
            throw new IllegalArgumentException("a catalog holds at most " + MAX_PRODUCTS + " products, got " + products.size());
        }
        Map<ProductId, Product> byId = new LinkedHashMap<>();
        for (Product p : products) {
            if (!p.price().currency().equals(currency)) {
                throw new IllegalArgumentException("product " + p.id() + " is priced in " + p.price().currency()
                        + " but the catalog's currency is " + currency);
            }
            if (byId.putIfAbsent(p.id(), p) != null) {
                throw new IllegalArgumentException("product id " + p.id() + " appears twice in the catalog");
            }
        }
        this.currency = currency;
        this.products = Collections.unmodifiableMap(byId);
    }

    public String currency() {
        return currency;
    }

    /** Every product, in display order. */
    public List<Product> products() {
        return List.copyOf(products.values());
    }

    public Optional<Product> find(ProductId id) {
        return Optional.ofNullable(products.get(id));
    }

    /** The products by id, in display order; unmodifiable. */
    public Map<ProductId, Product> byId() {
        return products;
    }

    public int size() {
        return products.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Catalog other && currency.equals(other.currency)
                && List.copyOf(products.values()).equals(List.copyOf(other.products.values()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(currency, List.copyOf(products.values()));
    }

    @Override
    public String toString() {
        return "Catalog[" + products.size() + " products in " + currency + "]";
    }
}
