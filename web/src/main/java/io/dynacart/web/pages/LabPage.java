package io.dynacart.web.pages;

import io.dynacart.cart.CartId;
import io.dynacart.cart.CartView;
import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import io.dynacart.cart.service.CartRejectedException;
import io.dynacart.store.api.KvStoreException;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Causality;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.web.control.ClusterControl;
import io.dynacart.web.control.ReplicaReader;
import io.dynacart.web.http.Csrf;
import io.dynacart.web.http.Sessions;
import io.dynacart.web.http.WebException;
import io.dynacart.web.shop.Lab;
import io.dynacart.web.shop.StoreWait;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The divergence lab: two devices editing one cart through their own nodes, a cut of the network
 * between them, what each node holds of the cart, and the siblings the store keeps, merged under
 * both policies side by side.
 *
 * <pre>
 *   GET  /lab
 *   POST /lab/partition | /lab/heal | /lab/reset
 *   POST /lab/devices/{A|B}/add      product=ID
 *   POST /lab/devices/{A|B}/remove   product=ID
 *   POST /lab/reconcile              policy=paper|observed-remove: device A writes that merge back
 * </pre>
 * Each answer redirects back to the lab with a notice.
 */
public final class LabPage {

    /** How long the lab's partition and heal wait for the nodes to notice (see ClusterControl). */
    private static final Duration DETECTION = Duration.ofSeconds(15);
    /** How long the partition waits for the cart's replicas to hold the same versions before it cuts. */
    private static final Duration AGREEMENT = Duration.ofSeconds(3);

    private final Lab lab;
    private final ClusterControl control;
    private final Csrf csrf;
    private final List<ProductCard> products;

    public LabPage(Lab lab, ClusterControl control, Csrf csrf, List<Product> catalog) {
        this.lab = lab;
        this.control = control;
        this.csrf = csrf;
        this.products = catalog.stream().map(ProductCard::of).toList();
    }

    /**
     * One stored version as the page shows it.
     *
     * @param label   the name the page's text gives it (D3, D4) or "" when the text names none
     * @param writer  who wrote it, from its clock: the node whose dot it carries and the device behind it
     * @param summary what the cart holds, e.g. "1 × Stovetop kettle"
     */
    public record VersionView(String label, String clock, String writer, String summary) {
    }

    /** One node: its place in the cart's preference list, its side of the cut, what it holds. */
    public record NodeRow(String node, String zone, String role, String side, String device, boolean up,
                          List<VersionView> held, List<VersionView> hinted) {
    }

    /** One device's panel: its node, the cart as it reads it now, or why it cannot. */
    public record DevicePanel(String name, String node, String role, String side, CartView cart, int versions,
                              boolean fallbacksOnly, List<VersionView> read, String problem) {
    }

    /** The siblings merged under one policy. */
    public record MergeView(String policy, String title, String rule, CartView cart, List<String> cameBack,
                            List<String> stayedGone) {
    }

    /** The lab page's model. */
    public record View(Frame frame, String cart, List<String> replicas, boolean straddles, boolean partitioned,
                       String cut, boolean labCut, String sideA, String sideB, List<NodeRow> nodes, DevicePanel a,
                       DevicePanel b, String inspectNode, boolean allReplicas, boolean inspectFallbacksOnly,
                       String inspectProblem, List<VersionView> siblings, String siblingsText, List<String> concurrency,
                       List<MergeView> merges, List<ProductCard> products, String notice, String warning) {
    }

    public void register(RoutesConfig routes) {
        routes.get("/lab", this::page);
        routes.post("/lab/partition", ctx -> {
            CartId cart = lab.cart(Sessions.id(ctx));
            boolean agreed = lab.awaitReplicasAgree(cart, AGREEMENT);
            List<List<String>> groups = lab.partition(control.members());
            control.partition(groups);
            control.awaitDetectors(DETECTION);
            back(ctx, "Partitioned " + label(groups) + ": the devices' nodes cannot reach each other."
                    + (agreed ? "" : " (The cart's replicas did not all hold the same versions when it was cut.)"));
        });
        routes.post("/lab/heal", ctx -> {
            control.heal();
            control.awaitDetectors(DETECTION);
            back(ctx, "Healed. A read of every replica now sees the versions both sides wrote.");
        });
        routes.post("/lab/reset", ctx -> {
            lab.reset(Sessions.id(ctx));
            back(ctx, "A new, empty lab cart.");
        });
        routes.post("/lab/devices/{device}/add", ctx -> deviceEdit(ctx, true));
        routes.post("/lab/devices/{device}/remove", ctx -> deviceEdit(ctx, false));
        routes.post("/lab/reconcile", ctx -> {
            String policy = ctx.formParam("policy");
            if (policy == null || !Lab.POLICIES.contains(policy)) {
                throw new WebException(400, "The form names no merge policy; there are " + String.join(" and ",
                        Lab.POLICIES) + ".");
            }
            CartView v = StoreWait.result(lab.writeBack(policy).view(lab.cart(Sessions.id(ctx))));
            back(ctx, v.versionsMerged() > 1
                    ? "Device A read " + v.versionsMerged() + " versions, merged them as " + policy
                            + " does and wrote the result back through " + lab.layout().a() + ": one version now,"
                            + " whose clock covers both."
                    : "Device A read one version: there was nothing to merge.");
        });
    }

    private void deviceEdit(Context ctx, boolean add) {
        Lab.Device device;
        try {
            device = lab.device(ctx.pathParam("device"));
        } catch (IllegalArgumentException e) {
            throw new WebException(404, e.getMessage());
        }
        CartId cart = lab.cart(Sessions.id(ctx));
        ProductId product = Forms.product(ctx);
        if (add) {
            StoreWait.result(device.service().add(cart, product, 1));
            lab.noteAdded(cart, product);
        } else {
            StoreWait.result(device.service().remove(cart, product));
            lab.noteRemoved(cart, product);
        }
        back(ctx, "Device " + device.name() + " (through " + device.node() + ") " + (add ? "added " : "removed ")
                + name(product) + ".");
    }

    private String name(ProductId product) {
        return lab.catalog().find(product).map(Product::name).orElse(product.value());
    }

    private void page(Context ctx) {
        CartId cart = lab.cart(Sessions.id(ctx));
        Lab.Layout layout = lab.layout();
        List<NodeId> members = control.members();
        List<NodeId> replicas = lab.replicas().replicasOf(cart.key());
        List<Set<NodeId>> groups = control.groups();
        boolean partitioned = !groups.isEmpty();
        List<List<String>> planned = lab.partition(members);
        List<List<String>> cut = partitioned ? inOrder(groups, members) : planned;
        Sides sides = new Sides(cut, layout);

        Lab.Inspection inspection = null;
        String inspectProblem = "";
        try {
            inspection = lab.inspect(cart);
        } catch (KvStoreException | StoreWait.StoreTimeoutException e) {
            inspectProblem = e.getMessage();
        }
        List<Versioned<Value>> siblings = new ArrayList<>(inspection == null ? List.of() : inspection.siblings());
        Map<Dot, String> labels = labels(siblings, layout);
        siblings.sort(Comparator.comparing(v -> labels.getOrDefault(v.dot(), "")));

        List<NodeRow> rows = new ArrayList<>();
        for (ReplicaReader.Copy c : lab.copies(cart, members)) {
            int place = replicas.indexOf(c.node());
            rows.add(new NodeRow(c.node().value(), lab.replicas().zoneOf(c.node()).name(),
                    place >= 0 ? "replica " + (place + 1) : "", sides.of(c.node()), deviceOn(c.node(), layout),
                    c.running(), versions(c.held(), labels, layout), versions(c.hinted(), labels, layout)));
        }

        List<MergeView> merges = new ArrayList<>();
        if (inspection != null) {
            for (String policy : Lab.POLICIES) {
                CartView merged = inspection.merged().get(policy);
                List<String> cameBack = new ArrayList<>();
                List<String> stayedGone = new ArrayList<>();
                for (ProductId gone : lab.removed(cart)) {
                    boolean back = merged.lines().stream().anyMatch(l -> l.product().id().equals(gone));
                    (back ? cameBack : stayedGone).add(name(gone));
                }
                merges.add(policy.equals("paper")
                        ? new MergeView(policy, "As in the paper", "The union of every version's adds: a remove leaves"
                                + " no trace, so an item removed on one side comes back if the other side's version"
                                + " still holds it.", merged, cameBack, stayedGone)
                        : new MergeView(policy, "Observed-remove", "Each version also records every add it has seen,"
                                + " so the merge drops an add that one side saw and removed; an item comes back only"
                                + " if someone added it again.", merged, cameBack, stayedGone));
            }
        }

        String warning = "";
        if (!replicas.contains(layout.a()) || !replicas.contains(layout.b())) {
            warning = "This cart's replicas (" + names(replicas) + ") no longer include both devices' nodes: the ring"
                    + " changed since it was chosen. Press \"New lab cart\" for one whose replicas straddle the cut.";
        } else if (layout.sideB().size() < 2) {
            warning = "With " + members.size() + " nodes one side of the cut has a single node, which cannot meet"
                    + " W=2 alone: run the demo with four nodes or more for this lab.";
        }
        String notice = ctx.queryParam("notice");
        View view = new View(new Frame("Divergence lab", "lab", csrf.token(ctx), -1), cart.value(), names(replicas),
                replicas.contains(layout.a()) && replicas.contains(layout.b()), partitioned, label(cut),
                !partitioned || Set.copyOf(cut.stream().map(Set::copyOf).toList())
                        .equals(Set.copyOf(planned.stream().map(Set::copyOf).toList())), sides.nameA(), sides.nameB(), rows,
                panel(lab.deviceA(), cart, replicas, sides, labels, layout),
                panel(lab.deviceB(), cart, replicas, sides, labels, layout), layout.a().value(),
                inspection != null && inspection.allReplicas(), inspection != null && inspection.fallbacksOnly(),
                inspectProblem, versions(siblings, labels, layout),
                siblingsText(siblings, labels, inspection == null || inspection.allReplicas()),
                concurrency(siblings, labels), merges, products, notice == null ? "" : notice, warning);
        ctx.render("lab.jte", Map.of("view", view));
    }

    /** Which side of the cut each node is on: the side of device A's node, of device B's, or another. */
    private record Sides(List<List<String>> cut, Lab.Layout layout) {
        String of(NodeId node) {
            for (List<String> group : cut) {
                if (group.contains(node.value())) {
                    if (group.contains(layout.a().value())) {
                        return "A";
                    }
                    return group.contains(layout.b().value()) ? "B" : "other";
                }
            }
            return "";
        }

        String nameA() {
            return group(layout.a());
        }

        String nameB() {
            return group(layout.b());
        }

        private String group(NodeId node) {
            return cut.stream().filter(g -> g.contains(node.value())).findFirst()
                    .map(g -> "{" + String.join(", ", g) + "}").orElse("");
        }
    }

    private DevicePanel panel(Lab.Device device, CartId cart, List<NodeId> replicas, Sides sides,
                              Map<Dot, String> labels, Lab.Layout layout) {
        int place = replicas.indexOf(device.node());
        String role = place >= 0 ? "replica " + (place + 1) + " of the cart" : "not a replica of the cart";
        try {
            // A read, not a view: showing the page must not write the merge back, or the siblings would
            // vanish before anyone saw them. Only the devices' edits and the write-back buttons write.
            Lab.DeviceRead r = lab.read(device, cart);
            return new DevicePanel(device.name(), device.node().value(), role, sides.of(device.node()), r.cart(),
                    r.versions(), r.fallbacksOnly(), versions(r.siblings(), labels, layout), "");
        } catch (KvStoreException | StoreWait.StoreTimeoutException | CartRejectedException e) {
            return new DevicePanel(device.name(), device.node().value(), role, sides.of(device.node()), null, 0, false,
                    List.of(), e.getMessage());
        }
    }

    /**
     * The paper's names for the two concurrent versions the lab is about: when the read found exactly two,
     * one written at each device's node, device A's is D3 and device B's D4 (section 4.4: "D3 and D4",
     * written at Sy and Sz). Other versions get no paper name.
     */
    Map<Dot, String> labels(List<Versioned<Value>> siblings, Lab.Layout layout) {
        Map<Dot, String> labels = new HashMap<>();
        if (siblings.size() != 2) {
            return labels;
        }
        for (Versioned<Value> v : siblings) {
            String node = writerNode(v.dot().node());
            if (node.equals(layout.a().value())) {
                labels.put(v.dot(), "D3");
            } else if (node.equals(layout.b().value())) {
                labels.put(v.dot(), "D4");
            }
        }
        return labels.size() == 2 && labels.containsValue("D3") && labels.containsValue("D4") ? labels : new HashMap<>();
    }

    /** The node a clock's entry names ({@code n3}, {@code n3.1}, {@code n3_gen.epoch} are all n3's). */
    private String writerNode(NodeId actor) {
        return lab.replicas().nodeOf(actor).value();
    }

    private static String deviceOn(NodeId node, Lab.Layout layout) {
        return node.equals(layout.a()) ? "A" : node.equals(layout.b()) ? "B" : "";
    }

    private List<VersionView> versions(List<Versioned<Value>> versions, Map<Dot, String> labels, Lab.Layout layout) {
        List<VersionView> out = new ArrayList<>();
        for (Versioned<Value> v : versions) {
            out.add(new VersionView(labels.getOrDefault(v.dot(), ""), v.version().toString(), writer(v.dot(), layout),
                    summary(v)));
        }
        return out;
    }

    /** "written at n1 (device A)", from the version's dot: the coordinator of the write that made it. */
    private String writer(Dot dot, Lab.Layout layout) {
        String node = writerNode(dot.node());
        String device = node.equals(layout.a().value()) ? " (device A)"
                : node.equals(layout.b().value()) ? " (device B)" : "";
        String how = ReplicaReader.isTakeOver(dot.node()) ? "taken over by " + node + " as a fallback, as "
                + dot.node() : "written at " + node;
        return how + device + ", its write no. " + dot.counter() + " of this key";
    }

    private String summary(Versioned<Value> v) {
        if (!(v.value() instanceof Value.Bytes)) {
            return "deleted";
        }
        CartView cart = lab.cartOf(v);
        if (cart == null) {
            return "not a cart";
        }
        if (cart.lines().isEmpty()) {
            return "empty";
        }
        return String.join(", ", cart.lines().stream().map(l -> l.quantity() + " × " + l.product().name()).toList());
    }

    private static String siblingsText(List<Versioned<Value>> siblings, Map<Dot, String> labels, boolean all) {
        if (!all) {
            return "Only the replicas on this side of the cut answered: a version written on the other side is"
                    + " missing here until the network heals.";
        }
        if (siblings.isEmpty()) {
            return "No version: nobody has written this cart yet.";
        }
        if (siblings.size() == 1) {
            return "One version: every change so far saw the one before it.";
        }
        if (!labels.isEmpty()) {
            return "Two concurrent versions, kept side by side as siblings: the paper's D3 and D4 (section 4.4),"
                    + " written here by device A and device B while the cut kept each from seeing the other.";
        }
        return siblings.size() + " concurrent versions, kept side by side as siblings.";
    }

    /**
     * Why each pair of siblings is concurrent, from their clocks: each one's own write (its dot) is
     * missing from the other's clock, so neither was written by a client that had seen the other.
     */
    private static List<String> concurrency(List<Versioned<Value>> siblings, Map<Dot, String> labels) {
        List<String> out = new ArrayList<>();
        if (siblings.size() < 2 || siblings.size() > 4) {
            return out;
        }
        for (int i = 0; i < siblings.size(); i++) {
            for (int j = i + 1; j < siblings.size(); j++) {
                Versioned<Value> x = siblings.get(i);
                Versioned<Value> y = siblings.get(j);
                if (x.compare(y) != Causality.CONCURRENT) {
                    continue;
                }
                out.add(name(x, labels) + " and " + name(y, labels) + " are concurrent: " + missing(x, y, labels)
                        + ", and " + missing(y, x, labels) + ". Neither write had seen the other, so the store keeps"
                        + " both and the cart merges them.");
            }
        }
        return out;
    }

    private static String name(Versioned<Value> v, Map<Dot, String> labels) {
        return labels.containsKey(v.dot()) ? labels.get(v.dot()) : "the version " + v.version();
    }

    /** "D3's own write [n1,3] is not in D4's clock, which counts n1's writes only to 2". */
    private static String missing(Versioned<Value> x, Versioned<Value> y, Map<Dot, String> labels) {
        Dot dot = x.dot();
        long seen = y.version().clock().counter(dot.node());
        return name(x, labels) + "'s own write " + dot + " is not in " + name(y, labels) + "'s clock, which "
                + (seen == 0 ? "has no entry for " + dot.node() : "counts " + dot.node() + "'s writes only to " + seen);
    }

    /** The groups of a cut, each listed in the members' order. */
    private static List<List<String>> inOrder(List<Set<NodeId>> groups, List<NodeId> members) {
        List<List<String>> out = new ArrayList<>();
        for (Set<NodeId> g : groups) {
            out.add(members.stream().filter(g::contains).map(NodeId::value).toList());
        }
        return out;
    }

    private static List<String> names(List<NodeId> nodes) {
        return nodes.stream().map(NodeId::value).toList();
    }

    private static String label(List<List<String>> groups) {
        List<String> parts = new ArrayList<>();
        groups.forEach(g -> parts.add("{" + String.join(", ", g) + "}"));
        return String.join(" | ", parts);
    }

    private static void back(Context ctx, String notice) {
        ctx.redirect("/lab?notice=" + URLEncoder.encode(notice, StandardCharsets.UTF_8));
    }
}
