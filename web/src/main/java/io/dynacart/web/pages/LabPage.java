package io.dynacart.web.pages;

import io.dynacart.cart.CartId;
import io.dynacart.cart.CartView;
import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import io.dynacart.cart.service.CartInspection;
import io.dynacart.cart.service.CartRejectedException;
import io.dynacart.store.api.KvStoreException;
import io.dynacart.web.control.ClusterControl;
import io.dynacart.web.http.Csrf;
import io.dynacart.web.http.Flash;
import io.dynacart.web.http.Sessions;
import io.dynacart.web.http.WebException;
import io.dynacart.web.shop.StoreWait;
import io.dynacart.web.shop.Lab;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The divergence lab: two devices editing one cart, a partition between their coordinators, and
 * what the store holds (the siblings with their vector clocks) and merges to, under either policy.
 *
 * <pre>
 *   GET  /lab?policy=observed-remove|paper
 *   POST /lab/partition | /lab/heal | /lab/reset
 *   POST /lab/devices/{A|B}/add      product=ID
 *   POST /lab/devices/{A|B}/remove   product=ID
 *   POST /lab/reconcile              device A reads the cart, which writes the merge back
 * </pre>
 * Every form carries {@code policy}; each answer redirects back to the lab under it.
 */
public final class LabPage {

    /** How long the lab's partition and heal wait for the nodes to notice (see ClusterControl). */
    private static final Duration DETECTION = Duration.ofSeconds(15);

    private final Lab lab;
    private final ClusterControl control;
    private final Csrf csrf;
    private final List<ProductCard> products;
    private final Flash flash;
    private final CartBadge badge;

    public LabPage(Lab lab, ClusterControl control, Csrf csrf, List<Product> catalog, Flash flash, CartBadge badge) {
        this.lab = lab;
        this.control = control;
        this.csrf = csrf;
        this.flash = flash;
        this.badge = badge;
        this.products = catalog.stream().map(ProductCard::of).toList();
    }

    /** One device's panel: its cart as it reads it now, or why it cannot. */
    public record DevicePanel(String name, String node, CartView cart, String problem) {
    }

    /** One stored version: D1, D2, ... with its clock. */
    public record SiblingView(String label, String clock, String kind, CartView cart) {
    }

    /** The lab page's model. */
    public record View(Frame frame, String policy, List<String> policies, boolean partitioned, String partitionLabel,
                       DevicePanel a, DevicePanel b, List<SiblingView> siblings, CartView merged, String inspectNode,
                       String inspectProblem, List<String> cameBack, List<String> stayedGone,
                       List<ProductCard> products, String notice) {
    }

    public void register(RoutesConfig routes) {
        routes.get("/lab", this::page);
        routes.post("/lab/partition", ctx -> {
            control.partition(lab.partition(control.members()));
            control.awaitDetectors(DETECTION);
            back(ctx, "Partitioned " + label(lab.partition(control.members())) + ": the devices' coordinators cannot reach each other.");
        });
        routes.post("/lab/heal", ctx -> {
            control.heal();
            control.awaitDetectors(DETECTION);
            back(ctx, "Healed. The next read sees the versions both sides wrote.");
        });
        routes.post("/lab/reset", ctx -> {
            lab.reset(Sessions.id(ctx));
            back(ctx, "New, empty lab carts.");
        });
        routes.post("/lab/devices/{device}/add", ctx -> deviceEdit(ctx, true));
        routes.post("/lab/devices/{device}/remove", ctx -> deviceEdit(ctx, false));
        routes.post("/lab/reconcile", ctx -> {
            String policy = Lab.policy(ctx.formParam("policy"));
            CartView v = StoreWait.result(lab.deviceA().byPolicy().get(policy).view(lab.cart(Sessions.id(ctx), policy)));
            back(ctx, "Device A read the cart: " + v.versionsMerged() + " version(s) merged and written back as one.");
        });
    }

    private void deviceEdit(Context ctx, boolean add) {
        Lab.Device device;
        try {
            device = lab.device(ctx.pathParam("device"));
        } catch (IllegalArgumentException e) {
            throw new WebException(404, e.getMessage());
        }
        String policy = Lab.policy(ctx.formParam("policy"));
        CartId cart = lab.cart(Sessions.id(ctx), policy);
        ProductId product = Forms.product(ctx);
        var service = device.byPolicy().get(policy);
        if (add) {
            StoreWait.result(service.add(cart, product, 1));
            lab.noteAdded(cart, product);
        } else {
            StoreWait.result(service.remove(cart, product));
            lab.noteRemoved(cart, product);
        }
        String name = service.catalog().find(product).map(Product::name).orElse(product.value());
        back(ctx, "Device " + device.name() + " (via " + device.coordinator() + ") " + (add ? "added " : "removed ")
                + name + ".");
    }

    private void page(Context ctx) {
        String policy = Lab.policy(ctx.queryParam("policy"));
        String session = Sessions.id(ctx);
        CartId cart = lab.cart(session, policy);
        DevicePanel a = panel(lab.deviceA(), policy, cart);
        DevicePanel b = panel(lab.deviceB(), policy, cart);
        List<SiblingView> siblings = new ArrayList<>();
        CartView merged = null;
        String inspectProblem = "";
        try {
            CartInspection inspection = StoreWait.result(lab.inspector(policy).inspect(cart));
            int i = 1;
            for (CartInspection.Sibling s : inspection.siblings()) {
                siblings.add(new SiblingView("D" + i++, s.clock(), s.kind().name().toLowerCase(Locale.ROOT),
                        s.cart()));
            }
            merged = inspection.merged();
        } catch (KvStoreException | StoreWait.StoreTimeoutException e) {
            inspectProblem = e.getMessage();
        }
        List<String> cameBack = new ArrayList<>();
        List<String> stayedGone = new ArrayList<>();
        for (ProductId gone : lab.removed(cart)) {
            String name = lab.inspector(policy).catalog().find(gone).map(Product::name).orElse(gone.value());
            boolean back = merged != null && merged.lines().stream().anyMatch(l -> l.product().id().equals(gone));
            (back ? cameBack : stayedGone).add(name);
        }
        boolean partitioned = control.partitioned();
        View view = new View(new Frame("Divergence lab", "lab", csrf.token(ctx), badge.items(ctx)), policy, Lab.POLICIES,
                partitioned, label(lab.partition(control.members())), a, b, siblings, merged, lab.deviceA().coordinator().value(),
                inspectProblem, cameBack, stayedGone, products, flash.take(ctx));
        ctx.render("lab.jte", Map.of("view", view));
    }

    private static DevicePanel panel(Lab.Device device, String policy, CartId cart) {
        // inspect, not view: showing the page must not write the merge back, or the siblings would
        // vanish before anyone saw them. Only the devices' edits and "reconcile" write.
        Supplier<CartView> read = () -> StoreWait.result(device.byPolicy().get(policy).inspect(cart)).merged();
        try {
            return new DevicePanel(device.name(), device.coordinator().value(), read.get(), "");
        } catch (KvStoreException | StoreWait.StoreTimeoutException | CartRejectedException e) {
            return new DevicePanel(device.name(), device.coordinator().value(), null, e.getMessage());
        }
    }

    private static String label(List<List<String>> groups) {
        List<String> parts = new ArrayList<>();
        groups.forEach(g -> parts.add("{" + String.join(", ", g) + "}"));
        return String.join(" | ", parts);
    }

    private void back(Context ctx, String notice) {
        String policy = Lab.policy(ctx.formParam("policy"));
        flash.add(ctx, notice);
        ctx.redirect("/lab?policy=" + URLEncoder.encode(policy, StandardCharsets.UTF_8));
    }
}
