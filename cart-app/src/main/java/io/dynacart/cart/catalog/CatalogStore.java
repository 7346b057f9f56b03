package io.dynacart.cart.catalog;

import io.dynacart.cart.CartNamespaces;
import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.identity.Key;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The catalog in the store, under the key {@value #KEY_TEXT} of the {@code catalog} namespace
 * ({@link CartNamespaces#CATALOG}): read it, or seed it on first start.
 *
 * <p>Two shops starting at once may both seed; the store then holds two siblings. Reading merges them
 * (the union of their products; where both list one id differently, the version whose stored bytes
 * sort first, so every reader picks the same one) and writes the merge back.
 */
public final class CatalogStore {

    public static final String KEY_TEXT = "catalog";
    public static final Key KEY = Key.of(CartNamespaces.CATALOG, KEY_TEXT);

    private CatalogStore() {}

    /**
     * The stored catalog; if the store has none, {@code initial} is written and returned. An existing
     * catalog is never overwritten.
     */
    public static CompletableFuture<Catalog> seed(KvStore store, Catalog initial) {
        return store.get(KEY).thenCompose(result -> {
            if (!result.found()) {
                return store.put(KEY, result.context(), CatalogCodec.encode(initial)).thenApply(ctx -> initial);
            }
            return reconcile(store, result);
        });
    }

    /**
     * The stored catalog.
     *
     * @throws IllegalStateException (in the future) if the store holds none
     */
    public static CompletableFuture<Catalog> read(KvStore store) {
        return store.get(KEY).thenCompose(result -> {
            if (!result.found()) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "the store holds no catalog under \"" + KEY_TEXT + "\"; start the shop once to seed it"));
            }
            return reconcile(store, result);
        });
    }

    private static CompletableFuture<Catalog> reconcile(KvStore store, GetResult result) {
        List<byte[]> values = new ArrayList<>(result.values());
        if (values.size() == 1) {
            return CompletableFuture.completedFuture(CatalogCodec.decode(values.get(0)));
        }
        values.sort(Arrays::compare);
        Catalog merged = merge(values.stream().map(CatalogCodec::decode).toList());
        return store.put(KEY, result.context(), CatalogCodec.encode(merged)).thenApply(ctx -> merged);
    }

    /** The union of {@code catalogs}; for an id listed by several, the first one's product. */
    static Catalog merge(List<Catalog> catalogs) {
        String currency = catalogs.get(0).currency();
        Map<ProductId, Product> union = new LinkedHashMap<>();
        for (Catalog c : catalogs) {
            if (!c.currency().equals(currency)) {
                throw new CatalogFormatException("the store holds catalogs in " + currency + " and in "
                        + c.currency() + "; resolve it by writing one catalog");
            }
            c.products().forEach(p -> union.putIfAbsent(p.id(), p));
        }
        return new Catalog(currency, new ArrayList<>(union.values()));
    }
}
