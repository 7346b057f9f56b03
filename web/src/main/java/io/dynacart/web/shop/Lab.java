package io.dynacart.web.shop;

import io.dynacart.cart.CartId;
import io.dynacart.cart.ProductId;
import io.dynacart.cart.catalog.Catalog;
import io.dynacart.cart.merge.CartMerge;
import io.dynacart.cart.service.CartIds;
import io.dynacart.cart.service.CartService;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.identity.NodeId;
import io.dynacart.web.control.ReadAllStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The divergence lab: one cart per browser and policy, edited by two "devices", each a separate
 * {@link CartService} (its own tag writer) whose calls are coordinated by its own node, and an
 * inspector that reads the cart's raw siblings through device A's node with R = N when it can.
 *
 * <pre>
 *   device A -> coordinator n1      partition:  {n1, n2} | {n3, n4, n5}
 *   device B -> coordinator n4
 * </pre>
 *
 * It remembers, per cart, which items a device removed, so the page can say whether one came back.
 */
public final class Lab {

    public static final List<String> POLICIES = List.of("observed-remove", "paper");

    /** One device: its name, the node coordinating its calls, and its cart service per policy. */
    public record Device(String name, NodeId coordinator, Map<String, CartService> byPolicy) {
    }

    private final CartIds ids;
    private final Device a;
    private final Device b;
    private final Map<String, CartService> inspectors;
    private final Map<String, Integer> generation = new ConcurrentHashMap<>();
    private final Map<CartId, Set<ProductId>> removed = new ConcurrentHashMap<>();

    /**
     * @param storeOf the store coordinated by a node (metered, pinned to it)
     * @param members the cluster's nodes, n1 first; device B takes n4 (or the last of a smaller cluster)
     */
    public Lab(Catalog catalog, CartIds ids, Function<NodeId, KvStore> storeOf, List<NodeId> members) {
        this.ids = ids;
        NodeId first = members.get(0);
        NodeId other = members.get(Math.min(3, members.size() - 1));
        this.a = device("A", first, catalog, ids, storeOf.apply(first));
        this.b = device("B", other, catalog, ids, storeOf.apply(other));
        KvStore inspectStore = new ReadAllStore(storeOf.apply(first));
        this.inspectors = Map.of(
                "observed-remove", CartService.create(inspectStore, catalog, CartMerge.named("observed-remove"), ids,
                        "lab-inspect"),
                "paper", CartService.create(inspectStore, catalog, CartMerge.named("paper"), ids, "lab-inspect"));
    }

    private static Device device(String name, NodeId node, Catalog catalog, CartIds ids, KvStore store) {
        return new Device(name, node, Map.of(
                "observed-remove", CartService.create(store, catalog, CartMerge.named("observed-remove"), ids,
                        "device-" + name.toLowerCase(Locale.ROOT)),
                "paper", CartService.create(store, catalog, CartMerge.named("paper"), ids,
                        "device-" + name.toLowerCase(Locale.ROOT))));
    }

    /** The policy named, or observed-remove for anything else. */
    public static String policy(String name) {
        return name != null && POLICIES.contains(name) ? name : "observed-remove";
    }

    public Device deviceA() {
        return a;
    }

    public Device deviceB() {
        return b;
    }

    /** A device by name ({@code A} or {@code B}). */
    public Device device(String name) {
        if ("A".equals(name)) {
            return a;
        }
        if ("B".equals(name)) {
            return b;
        }
        throw new IllegalArgumentException("there are devices A and B, not \"" + name + "\"");
    }

    public CartService inspector(String policy) {
        return inspectors.get(policy(policy));
    }

    /**
     * The partition the lab's button makes of the cluster's current {@code members}: device A's node
     * and one more (so that A's side can still meet W=2) against the rest, device B's node among them.
     */
    public List<List<String>> partition(List<NodeId> members) {
        List<String> sideA = new ArrayList<>(List.of(a.coordinator().value()));
        List<String> sideB = new ArrayList<>();
        for (NodeId n : members) {
            if (n.equals(a.coordinator())) {
                continue;
            }
            if (sideA.size() < 2 && !n.equals(b.coordinator())) {
                sideA.add(n.value());
            } else {
                sideB.add(n.value());
            }
        }
        return List.of(sideA, sideB);
    }

    /** This session's lab cart under {@code policy}. */
    public CartId cart(String session, String policy) {
        String code = "paper".equals(policy(policy)) ? "pp" : "or";
        return ids.named("lab-" + code + "-" + session + "-" + generation.getOrDefault(session, 0));
    }

    /** Starts this session over with new, empty lab carts. */
    public void reset(String session) {
        generation.merge(session, 1, (x, y) -> (x + y) % 1000);
    }

    public void noteRemoved(CartId cart, ProductId product) {
        removed.computeIfAbsent(cart, c -> ConcurrentHashMap.newKeySet()).add(product);
    }

    public void noteAdded(CartId cart, ProductId product) {
        Set<ProductId> gone = removed.get(cart);
        if (gone != null) {
            gone.remove(product);
        }
    }

    /** Items a device removed from {@code cart} (and no device added again since). */
    public Set<ProductId> removed(CartId cart) {
        return Set.copyOf(removed.getOrDefault(cart, Set.of()));
    }
}
