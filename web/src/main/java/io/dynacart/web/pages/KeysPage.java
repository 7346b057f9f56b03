package io.dynacart.web.pages;

import io.dynacart.cart.CartNamespaces;
import io.dynacart.cart.CartView;
import io.dynacart.cart.service.CartInspection;
import io.dynacart.store.api.KeyPlacement;
import io.dynacart.store.api.KeyRepairOutcome;
import io.dynacart.store.api.UnknownNamespaceException;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.web.control.KeyExplorer;
import io.dynacart.web.http.Csrf;
import io.dynacart.web.http.Flash;
import io.dynacart.web.http.WebException;
import io.dynacart.web.shop.Shop;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The key explorer: type a key (and pick its namespace), see its hash's place on the ring, its
 * partition, its preference list (primaries, then fallbacks, each up, suspected or cut off as the
 * chosen node sees it) and each replica's siblings with their clocks, read from that replica's own
 * node; a primary lacking a version the others hold is highlighted, and a button runs read repair of
 * the key (or anti-entropy of its partition) and shows what it changed.
 *
 * <pre>
 *   GET  /keys?ns=NS&amp;key=KEY&amp;from=NODE    the form, and the key explored when one is named
 *   POST /keys/repair        ns, key, from: read repair of the key, coordinated by that node
 *   POST /keys/anti-entropy  ns, key, from: anti-entropy of the key's partition, begun by that node, or by
 *                            the key's first running primary when that node holds no replica of it
 * </pre>
 */
public final class KeysPage {

    /** How much of a value the page shows. */
    private static final int SHOWN = 80;

    private final KeyExplorer explorer;
    private final Shop shop;
    private final Csrf csrf;
    private final Flash flash;
    private final CartBadge badge;

    public KeysPage(KeyExplorer explorer, Shop shop, Csrf csrf, Flash flash, CartBadge badge) {
        this.explorer = explorer;
        this.shop = shop;
        this.csrf = csrf;
        this.flash = flash;
        this.badge = badge;
    }

    /**
     * The page's model.
     *
     * @param yourCart this browser's cart id, to explore with one click ("" when it has none)
     * @param problem  why the key named cannot be explored ("" when it can, or none is named)
     * @param explored the key explored, or null
     */
    public record View(Frame frame, String namespace, String key, String viewer, List<String> namespaces,
                       List<String> nodes, String notice, String problem, String yourCart, Explored explored) {
    }

    /**
     * What the page shows of an explored key.
     *
     * @param antiEntropyNode the node that begins the exchanges of "Run anti-entropy"
     */
    public record Explored(String hash, String position, int partition, int partitionCount, long ringVersion, int n,
                           List<RingDrawing.Slice> ring, RingDrawing.KeyMarker marker, List<RingDrawing.Legend> legend,
                           List<Placed> preference, List<Replica> replicas, int together, long answered,
                           long differing, String antiEntropyNode) {
    }

    /** One node of the preference list. */
    public record Placed(int order, String node, String colour, String role, String zone, String state,
                         String stateClass) {
    }

    /**
     * One node's copy.
     *
     * @param read    whether its copy could be read
     * @param verdict what the page says of it: holds every version, lacks some, hints, or why it was not read
     */
    public record Replica(String node, String colour, String role, String state, String stateClass, boolean read,
                          boolean differs, String verdict, List<Version> versions, String hintedFor, List<Version> hinted) {
    }

    /** One stored version: its clock, what it holds, and whether it is a delete. */
    public record Version(String clock, String shown, boolean tombstone) {
    }

    public void register(RoutesConfig routes) {
        routes.get("/keys", this::page);
        routes.post("/keys/repair", this::repair);
        routes.post("/keys/anti-entropy", this::antiEntropy);
    }

    private void page(Context ctx) {
        String ns = orDefault(ctx.queryParam("ns"), Namespace.DEFAULT.name());
        String name = orDefault(ctx.queryParam("key"), "");
        NodeId viewer = explorer.viewer(ctx.queryParam("from"));
        String notice = flash.take(ctx);
        String problem = "";
        Explored explored = null;
        if (!name.isEmpty()) {
            try {
                explored = explored(viewer, explorer.explore(viewer, key(ns, name)));
            } catch (WebException e) {
                ctx.status(e.status());
                problem = e.getMessage();
            } catch (UnknownNamespaceException e) {
                ctx.status(404);
                problem = "Node " + viewer + " knows no namespace \"" + ns + "\". The namespaces it knows are "
                        + String.join(", ", explorer.namespaces(viewer)) + ".";
            }
        }
        List<String> namespaces = new ArrayList<>(explorer.namespaces(viewer));
        if (!namespaces.contains(ns) && Namespace.problemWith(ns) == null) {
            namespaces.add(ns);
        }
        String cookie = ctx.cookie(Shop.CART_COOKIE);
        String yourCart = cookie != null && cookie.matches("[A-Za-z0-9_.-]{1,64}") ? cookie : "";
        View view = new View(new Frame("Key explorer", "keys", csrf.token(ctx), badge.items(ctx)), ns, name, viewer.value(),
                namespaces, explorer.running().stream().map(NodeId::value).toList(), notice, problem, yourCart,
                explored);
        ctx.render("keys.jte", Map.of("view", view));
    }

    private void repair(Context ctx) {
        Key key = key(orDefault(ctx.formParam("ns"), ""), orDefault(ctx.formParam("key"), ""));
        NodeId viewer = explorer.viewer(ctx.formParam("from"));
        KeyRepairOutcome outcome = explorer.repair(viewer, key, false);
        back(ctx, key, viewer, describe(outcome));
    }

    private void antiEntropy(Context ctx) {
        Key key = key(orDefault(ctx.formParam("ns"), ""), orDefault(ctx.formParam("key"), ""));
        NodeId viewer = explorer.viewer(ctx.formParam("from"));
        KeyPlacement placement = explorer.explore(viewer, key).placement();
        int partition = placement.partition();
        NodeId by = antiEntropyNode(viewer, placement);
        int exchanges = explorer.antiEntropy(by, partition);
        String instead = by.equals(viewer) ? "" : " (" + viewer + " holds no replica of it, so the key's first primary began them)";
        back(ctx, key, viewer, exchanges == 0
                ? "Node " + by + " began no anti-entropy exchange of partition " + partition + ": it holds no replica of"
                        + " it, or none of the partition's other replicas is in reach."
                : "Anti-entropy: " + exchanges + " exchange(s) of partition " + partition + " queued on " + by + instead
                        + "; they compare Merkle trees with the other replicas and copy only the keys that differ,"
                        + " in the background. Reload to see the result.");
    }

    /**
     * The node that begins anti-entropy of a key's partition: the viewing node when it is one of the
     * key's primaries, else the first primary that runs (a node that holds no replica has no Merkle tree
     * of the partition to compare), else the viewing node.
     */
    private NodeId antiEntropyNode(NodeId viewer, KeyPlacement placement) {
        List<NodeId> primaries = placement.primaries().stream().map(KeyPlacement.Placed::id).toList();
        if (primaries.contains(viewer)) {
            return viewer;
        }
        List<NodeId> running = explorer.running();
        return primaries.stream().filter(running::contains).findFirst().orElse(viewer);
    }

    /** What a repair changed, in one sentence or two. */
    static String describe(KeyRepairOutcome o) {
        Map<KeyRepairOutcome.Result, List<String>> by = o.replicas().stream().collect(Collectors.groupingBy(
                KeyRepairOutcome.ReplicaRepair::result, Collectors.mapping(r -> r.node().value(), Collectors.toList())));
        List<String> parts = new ArrayList<>();
        for (KeyRepairOutcome.ReplicaRepair r : o.replicas()) {
            if (r.result() == KeyRepairOutcome.Result.REPAIRED) {
                parts.add(r.node() + " repaired (it lacked " + r.versionsLacked() + " of " + o.merged().size()
                        + " version(s))");
            }
        }
        if (by.containsKey(KeyRepairOutcome.Result.IN_SYNC)) {
            parts.add(String.join(", ", by.get(KeyRepairOutcome.Result.IN_SYNC)) + " already held every version");
        }
        if (by.containsKey(KeyRepairOutcome.Result.UNREACHABLE)) {
            parts.add(String.join(", ", by.get(KeyRepairOutcome.Result.UNREACHABLE))
                    + " did not answer and could not be repaired (heal the network or start the node, then repair again)");
        }
        if (by.containsKey(KeyRepairOutcome.Result.FAILED)) {
            parts.add(String.join(", ", by.get(KeyRepairOutcome.Result.FAILED)) + " failed to read or store it");
        }
        String head = o.repairedCount() == 0 ? "Read repair coordinated by " + o.coordinator() + ": nothing to repair. "
                : "Read repair coordinated by " + o.coordinator() + ": ";
        return head + String.join("; ", parts) + ".";
    }

    private Explored explored(NodeId viewer, KeyExplorer.Exploration e) {
        KeyPlacement p = e.placement();
        List<Placed> preference = new ArrayList<>();
        int order = 1;
        for (KeyPlacement.Placed n : p.primaries()) {
            preference.add(placed(order++, n, "primary"));
        }
        for (KeyPlacement.Placed n : p.fallbacks()) {
            preference.add(placed(order++, n, "fallback " + (order - 1 - p.primaries().size())));
        }
        boolean cart = p.key().namespace().equals(CartNamespaces.CART);
        List<Replica> replicas = new ArrayList<>();
        for (KeyExplorer.Copy c : e.copies()) {
            String node = c.placed().id().value();
            String state = c.placed().state().text();
            List<Version> versions = c.copy() == null ? List.of() : versions(c.copy().stored(), cart);
            List<Version> hinted = c.copy() == null ? List.of() : versions(c.copy().hinted(), cart);
            String hintedFor = c.copy() == null ? "" : c.copy().hintedFor().stream().map(NodeId::value)
                    .collect(Collectors.joining(", "));
            String verdict;
            if (c.copy() == null) {
                verdict = c.problem();
            } else if (!c.primary()) {
                verdict = hintedFor.isEmpty() ? "a fallback holding old data of the key" : "a fallback keeping hints for "
                        + hintedFor + ", until they can be handed back";
            } else if (c.differs()) {
                verdict = "lacks " + c.lacking() + " of the " + e.together().size()
                        + " version(s) the primaries hold together";
            } else {
                verdict = e.together().isEmpty() ? "holds nothing of the key" : "holds every version";
            }
            replicas.add(new Replica(node, RingDrawing.colourOf(node), c.primary() ? "primary" : "fallback", state,
                    stateClass(c.placed().state()), c.copy() != null, c.differs(), verdict, versions, hintedFor, hinted));
        }
        double position = RingDrawing.position(p.hash());
        return new Explored(p.hash(), String.format(Locale.ROOT, "%.4f", position), p.partition(), p.partitionCount(),
                p.ringVersion(), p.n(), RingDrawing.slices(e.owners()),
                RingDrawing.keyMarker(position, p.partition(), p.partitionCount()), RingDrawing.legend(e.owners()),
                preference, replicas, e.together().size(), e.answered(), e.differing(),
                antiEntropyNode(viewer, p).value());
    }

    private static Placed placed(int order, KeyPlacement.Placed n, String role) {
        return new Placed(order, n.id().value(), RingDrawing.colourOf(n.id().value()), role, n.zone().name(),
                n.state().text(), stateClass(n.state()));
    }

    private static String stateClass(KeyPlacement.State state) {
        return switch (state) {
            case UP -> "up";
            case SUSPECTED -> "suspected";
            case CUT_OFF -> "cut";
        };
    }

    private List<Version> versions(List<Versioned<Value>> siblings, boolean cart) {
        List<Version> out = new ArrayList<>();
        for (Versioned<Value> v : siblings) {
            boolean tombstone = v.value() instanceof Value.Tombstone;
            String shown = tombstone ? "deleted (a tombstone)" : cart ? cartText(v) : text(((Value.Bytes) v.value())
                    .toByteArray());
            out.add(new Version(v.version().toString(), shown, tombstone));
        }
        return out;
    }

    /** A cart version as its lines, e.g. "2 × Kettle, 1 × Honey". */
    private String cartText(Versioned<Value> v) {
        CartInspection.Sibling s = shop.carts().inspect(List.of(v)).siblings().get(0);
        if (s.kind() == CartInspection.Kind.UNREADABLE) {
            return "bytes that are no cart";
        }
        CartView cart = s.cart();
        if (cart.lines().isEmpty()) {
            return "an empty cart";
        }
        return cart.lines().stream().map(l -> l.quantity() + " × " + l.product().name())
                .collect(Collectors.joining(", "));
    }

    /** UTF-8 text in quotes, cut to a line; other bytes by their count. */
    private static String text(byte[] value) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
            if (s.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
                return value.length + " bytes";
            }
            return "\"" + (s.length() > SHOWN ? s.substring(0, SHOWN) + "…" : s) + "\"";
        } catch (CharacterCodingException e) {
            return value.length + " bytes";
        }
    }

    /**
     * The key a form or query names.
     *
     * @throws WebException 400 naming what is wrong with the namespace or the key
     */
    private static Key key(String ns, String name) {
        String problem = Namespace.problemWith(ns);
        if (problem != null) {
            throw new WebException(400, "That namespace cannot be: " + problem + ".");
        }
        if (name.isEmpty()) {
            throw new WebException(400, "Name a key to explore.");
        }
        try {
            return Key.of(Namespace.of(ns), name);
        } catch (IllegalArgumentException e) {
            throw new WebException(400, "That key cannot be: " + e.getMessage() + ".");
        }
    }

    private static String orDefault(String value, String otherwise) {
        return value == null ? otherwise : value;
    }

    private void back(Context ctx, Key key, NodeId viewer, String notice) {
        flash.add(ctx, notice);
        ctx.redirect("/keys?ns=" + enc(key.namespace().name()) + "&key=" + enc(new String(key.name(), StandardCharsets.UTF_8))
                + "&from=" + enc(viewer.value()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
