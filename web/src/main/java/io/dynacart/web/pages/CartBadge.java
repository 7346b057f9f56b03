package io.dynacart.web.pages;

import io.dynacart.web.shop.Shop;
import io.dynacart.web.shop.StoreWait;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cart badge of pages that are not about the cart (the lab, the cluster): the units in this
 * browser's cart, read without reconciling it (so that the cart page still can, and say so). The
 * cluster page must load while the store struggles, so the badge waits {@value #WAIT_MILLIS} ms at
 * most and is left out when the store does not answer.
 */
public final class CartBadge {

    private static final Logger LOG = LoggerFactory.getLogger(CartBadge.class);
    static final long WAIT_MILLIS = 1_000;

    private final Shop shop;

    public CartBadge(Shop shop) {
        this.shop = shop;
    }

    /** Units in this browser's cart, or -1 (no badge) when the store cannot say in time. */
    public long items(Context ctx) {
        try {
            return StoreWait.result(shop.carts().inspect(shop.cartOf(ctx)), WAIT_MILLIS).merged().itemCount();
        } catch (RuntimeException e) {
            LOG.debug("no cart badge for {}: {}", ctx.path(), e.getMessage());
            return -1;
        }
    }
}
