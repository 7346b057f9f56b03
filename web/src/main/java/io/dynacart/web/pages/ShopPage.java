package io.dynacart.web.pages;

import io.dynacart.cart.CartId;
import io.dynacart.cart.ProductId;
import io.dynacart.store.identity.Names;
import io.dynacart.web.http.Csrf;
import io.dynacart.web.shop.StoreWait;
import io.dynacart.web.shop.Shop;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The shop: the catalog as a grid, an add-to-cart form per product, and the cart badge.
 *
 * <pre>
 *   GET  /shop         the grid
 *   POST /cart/add     product=ID&amp;quantity=N (default 1); back to the shop
 * </pre>
 */
public final class ShopPage {

    private final Shop shop;
    private final Csrf csrf;
    private final List<ProductCard> cards;

    public ShopPage(Shop shop, Csrf csrf) {
        this.shop = shop;
        this.csrf = csrf;
        this.cards = shop.catalog().products().stream().map(ProductCard::of).toList();
    }

    public void register(RoutesConfig routes) {
        routes.get("/shop", this::page);
        routes.post("/cart/add", this::add);
    }

    private void page(Context ctx) {
        CartId cart = shop.cartOf(ctx);
        // inspect, not view: the badge must not reconcile the cart, so that the cart page still can
        // (and tell the shopper it merged versions).
        long items = StoreWait.result(shop.carts().inspect(cart)).merged().itemCount();
        String added = ctx.queryParam("added");
        String notice = "";
        if (added != null && Names.problemWith("product id", added) == null) {
            notice = shop.catalog().find(ProductId.of(added)).map(p -> "Added " + p.name() + " to your cart.").orElse("");
        }
        ctx.render("shop.jte", Map.of("frame", new Frame("Shop", "shop", csrf.token(ctx), items), "products", cards,
                "notice", notice));
    }

    private void add(Context ctx) {
        ProductId product = Forms.product(ctx);
        int quantity = Forms.quantity(ctx, 1);
        StoreWait.result(shop.carts().add(shop.cartOf(ctx), product, quantity));
        ctx.redirect("/shop?added=" + URLEncoder.encode(product.value(), StandardCharsets.UTF_8));
    }
}
