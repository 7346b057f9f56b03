package io.dynacart.web.shop;

import io.dynacart.cart.CartId;
import io.dynacart.cart.catalog.Catalog;
import io.dynacart.cart.catalog.CatalogStore;
import io.dynacart.cart.catalog.StandardCatalog;
import io.dynacart.cart.merge.CartMerge;
import io.dynacart.cart.service.CartIds;
import io.dynacart.cart.service.CartService;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.identity.Names;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/**
 * The shop's side of the demo: the catalog (seeded into the store on first start), the cart ids
 * this shop issues, and the cart service the shop and cart pages use (observed-remove, through any
 * running node). Each browser's cart id lives in an HttpOnly, SameSite=Lax cookie.
 */
public final class Shop {

    public static final String CART_COOKIE = "dc_cart";
    /** What a browser whose cart cookie was refused is told. */
    public static final String REFUSED_COOKIE_NOTICE = "Your browser sent a cart cookie this shop did not sign (edited,"
            + " or from another demo's data), so it was set aside: you have a new, empty cart.";
    private static final String CART_ATTRIBUTE = "dynacart.cart";
    private static final String REFUSED_ATTRIBUTE = "dynacart.cart-refused";
    private static final int MAX_AGE_SECONDS = 365 * 24 * 3600;

    private final CartIds ids;
    private final CartService carts;

    private Shop(CartIds ids, CartService carts) {
        this.ids = ids;
        this.carts = carts;
    }

    /** Reads the catalog from {@code store}, seeding the standard one if the store has none. */
    public static Shop open(KvStore store, CartIds ids) {
        Catalog catalog = StoreWait.result(CatalogStore.seed(store, StandardCatalog.catalog()));
        return new Shop(ids, CartService.create(store, catalog, CartMerge.defaultPolicy(), ids, "web"));
    }

    public Catalog catalog() {
        return carts.catalog();
    }

    public CartIds ids() {
        return ids;
    }

    public CartService carts() {
        return carts;
    }

    /**
     * This browser's cart: the one its cookie names, or a new one (and the cookie set); the same one
     * for the whole request. A cookie this shop did not sign is set aside for a new cart, and
     * {@link #refusedCookie} then says so, so that the browser can be told.
     */
    public CartId cartOf(Context ctx) {
        CartId chosen = ctx.attribute(CART_ATTRIBUTE);
        if (chosen != null) {
            return chosen;
        }
        String value = ctx.cookie(CART_COOKIE);
        CartId id = value == null || Names.problemWith("cart id", value) != null ? null : CartId.of(value);
        if (id == null || !ids.owns(id)) {
            if (value != null) {
                ctx.attribute(REFUSED_ATTRIBUTE, Boolean.TRUE);
            }
            id = carts.newCart();
            ctx.cookie(new Cookie(CART_COOKIE, id.value(), "/", MAX_AGE_SECONDS, false, true, null, SameSite.LAX));
        }
        ctx.attribute(CART_ATTRIBUTE, id);
        return id;
    }

    /**
     * Whether this request came with a cart cookie the shop refused; if so, it gets a new cart at
     * once (see {@link #cartOf}).
     */
    public boolean refusedCookie(Context ctx) {
        String value = ctx.cookie(CART_COOKIE);
        if (value == null) {
            return false;
        }
        cartOf(ctx);
        return Boolean.TRUE.equals(ctx.attribute(REFUSED_ATTRIBUTE));
    }
}
