package io.dynacart.web.pages;

import io.dynacart.cart.CartId;
import io.dynacart.cart.CartView;
import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import io.dynacart.web.http.Csrf;
import io.dynacart.web.http.Flash;
import io.dynacart.web.shop.StoreWait;
import io.dynacart.web.shop.Shop;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shop: the catalog as a grid, an add-to-cart form per product with how many the cart holds,
 * and the cart badge.
 *
 * <pre>
 *   GET  /shop         the grid
 *   POST /cart/add     product=ID&amp;quantity=N (default 1); back to the shop at that product's card,
 *                      with a notice saying how many were added
 * </pre>
 */
public final class ShopPage {

    private final Shop shop;
    private final Csrf csrf;
    private final Flash flash;
    private final List<ProductCard> cards;

    public ShopPage(Shop shop, Csrf csrf, Flash flash) {
        this.shop = shop;
        this.csrf = csrf;
        this.flash = flash;
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
        CartView view = StoreWait.result(shop.carts().inspect(cart)).merged();
        Map<String, Long> inCart = new HashMap<>();
        view.lines().forEach(l -> inCart.merge(l.product().id().value(), l.quantity(), Long::sum));
        ctx.render("shop.jte", Map.of("frame", new Frame("Shop", "shop", csrf.token(ctx), view.itemCount()),
                "products", cards, "inCart", inCart, "notice", flash.take(ctx)));
    }

    private void add(Context ctx) {
        ProductId product = Forms.product(ctx);
        int quantity = Forms.quantity(ctx, 1);
        StoreWait.result(shop.carts().add(shop.cartOf(ctx), product, quantity));
        String name = shop.catalog().find(product).map(Product::name).orElse(product.value());
        flash.add(ctx, "Added " + quantity + " × " + name + " to your cart.");
        ctx.redirect("/shop#product-" + URLEncoder.encode(product.value(), StandardCharsets.UTF_8));
    }
}
