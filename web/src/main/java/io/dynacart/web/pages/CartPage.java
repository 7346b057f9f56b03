package io.dynacart.web.pages;

import io.dynacart.cart.CartId;
import io.dynacart.cart.CartView;
import io.dynacart.cart.service.Order;
import io.dynacart.web.http.Csrf;
import io.dynacart.web.http.Sessions;
import io.dynacart.web.shop.Shop;
import io.dynacart.web.shop.StoreWait;
import io.dynacart.web.shop.Visits;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * The cart: lines with quantities to change or remove, the total, checkout, a notice when the
 * cart was merged from several versions, and the browser's session record (last write wins).
 *
 * <pre>
 *   GET  /cart              the cart (?order=ID shows the order just placed)
 *   POST /cart/set          product=ID&amp;quantity=N (0 removes)
 *   POST /cart/remove       product=ID
 *   POST /cart/checkout     places the order; back to /cart?order=ID
 * </pre>
 */
public final class CartPage {

    private final Shop shop;
    private final Visits visits;
    private final Csrf csrf;

    public CartPage(Shop shop, Visits visits, Csrf csrf) {
        this.shop = shop;
        this.visits = visits;
        this.csrf = csrf;
    }

    /**
     * The cart page's model; {@code order} is the order just placed, if any; {@code visit} the
     * session record as the store has it (empty before the first one lands, or if the store could
     * not be read: the cart does not depend on it).
     */
    public record View(Frame frame, CartView cart, Optional<Order> order, Optional<Visits.Visit> visit) {

        /** When the session's last page was seen, {@code HH:mm:ss} UTC. */
        public String visitTime() {
            return visit.map(v -> TIME.format(Instant.ofEpochMilli(v.lastMillis()))).orElse("");
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public void register(RoutesConfig routes) {
        routes.get("/cart", this::page);
        routes.post("/cart/set", ctx -> {
            StoreWait.result(shop.carts().setQuantity(shop.cartOf(ctx), Forms.product(ctx), Forms.quantity(ctx, -1)));
            ctx.redirect("/cart");
        });
        routes.post("/cart/remove", ctx -> {
            StoreWait.result(shop.carts().remove(shop.cartOf(ctx), Forms.product(ctx)));
            ctx.redirect("/cart");
        });
        routes.post("/cart/checkout", ctx -> {
            Order order = StoreWait.result(shop.carts().checkout(shop.cartOf(ctx)));
            ctx.redirect("/cart?order=" + URLEncoder.encode(order.id(), StandardCharsets.UTF_8));
        });
    }

    private void page(Context ctx) {
        CartId cart = shop.cartOf(ctx);
        CartView view = StoreWait.result(shop.carts().view(cart));
        Optional<Order> order = Optional.empty();
        String orderId = ctx.queryParam("order");
        if (orderId != null && orderId.matches("[0-9a-f]{1,64}")) {
            order = StoreWait.result(shop.carts().order(orderId)).filter(o -> o.cart().equals(cart));
        }
        Optional<Visits.Visit> visit;
        try {
            visit = StoreWait.result(visits.of(Sessions.id(ctx)));
        } catch (RuntimeException e) {
            visit = Optional.empty();
        }
        Frame frame = new Frame("Cart", "cart", csrf.token(ctx), view.itemCount());
        ctx.render("cart.jte", Map.of("view", new View(frame, view, order, visit)));
    }
}
