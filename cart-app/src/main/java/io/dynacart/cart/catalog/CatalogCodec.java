package io.dynacart.cart.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynacart.cart.Money;
import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's stored form: JSON, so that {@code dynacart admin get catalog} is readable.
 *
 * <pre>{"format":1,"currency":"EUR","products":[{"id":"kettle","name":"Stovetop kettle","price":3499,"category":"Kitchen"}, ...]}</pre>
 * Prices are in the currency's minor units. Decoding rejects unknown fields, missing fields and any
 * product the model would reject, with a {@link CatalogFormatException} naming the problem.
 */
public final class CatalogCodec {

    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    record Stored(int format, String currency, List<StoredProduct> products) {}

    record StoredProduct(String id, String name, long price, String category) {}

    private CatalogCodec() {}

    public static byte[] encode(Catalog catalog) {
        List<StoredProduct> products = new ArrayList<>();
        for (Product p : catalog.products()) {
            products.add(new StoredProduct(p.id().value(), p.name(), p.price().minorUnits(), p.category()));
        }
        try {
            return JSON.writeValueAsBytes(new Stored(FORMAT, catalog.currency(), products));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the catalog as JSON", e);
        }
    }

    public static Catalog decode(byte[] bytes) {
        Stored stored;
        try {
            stored = JSON.readValue(bytes, Stored.class);
        } catch (IOException e) {
            throw new CatalogFormatException("the stored catalog is not valid catalog JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (stored == null || stored.format() != FORMAT) {
            throw new CatalogFormatException("the stored catalog has format "
                    + (stored == null ? "null" : stored.format()) + "; this version reads format " + FORMAT);
        }
        if (stored.currency() == null || stored.products() == null) {
            throw new CatalogFormatException("the stored catalog lacks its currency or its products: "
                    + new String(bytes, StandardCharsets.UTF_8));
        }
        try {
            List<Product> products = new ArrayList<>();
            for (StoredProduct p : stored.products()) {
                if (p == null || p.id() == null || p.name() == null || p.category() == null) {
                    throw new IllegalArgumentException("a product lacks its id, name or category");
                }
                products.add(new Product(ProductId.of(p.id()), p.name(), Money.of(p.price(), stored.currency()), p.category()));
            }
            return new Catalog(stored.currency(), products);
        } catch (IllegalArgumentException e) {
            throw new CatalogFormatException("the stored catalog is invalid: " + e.getMessage(), e);
        }
    }
}
