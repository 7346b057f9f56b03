package io.dynacart.web.shop;

import io.dynacart.cart.CartId;
import io.dynacart.cart.CartView;
import io.dynacart.cart.ProductId;
import io.dynacart.cart.catalog.Catalog;
import io.dynacart.cart.codec.CartFormatException;
import io.dynacart.cart.merge.CartMerge;
import io.dynacart.cart.merge.CartState;
import io.dynacart.cart.service.CartIds;
import io.dynacart.cart.service.CartService;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.KvStoreException;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.versioning.Dot;
import io.dynacart.store.versioning.Versioned;
import io.dynacart.web.control.ReadAllStore;
import io.dynacart.web.control.ReplicaReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The divergence lab: one cart per browser, edited by two "devices", each a separate
 * {@link CartService} (its own tag writer) whose calls are coordinated by its own node, a cut of the
 * cluster between the two nodes, and an inspector that reads the cart's raw siblings through device
 * A's node (with R = N when every replica answers) and merges the same siblings under both policies.
 *
 * <pre>
 *   device A -> coordinator n1      cut:  {n1, n2} | {n3, n4, n5}
 *   device B -> coordinator n4      (with zones, B takes a node of another zone than A's)
 * </pre>
 *
 * The lab cart is picked so that both coordinators are among its N replicas: then each device's
 * puts are coordinated by its own node (the clocks name it), the cut leaves a replica on each side,
 * and each device's read after the cut finds its own writes on its own node. The devices write with
 * observed-remove, whose stored carts record every add they have seen; the paper's merge ignores that
 * record, so one set of siblings can be merged both ways.
 *
 * <p>It remembers, per cart, which items a device removed, so the page can say whether one came back.
 */
public final class Lab {

    /** The merges the lab shows, side by side. */
    public static final List<String> POLICIES = List.of("paper", "observed-remove");
    /** Carts a session may try before settling for one that does not straddle the cut. */
    private static final int CART_CANDIDATES = 1000;
    private static final int MAX_SESSIONS = 10_000;

    /** One device: its name ({@code A} or {@code B}), the node coordinating its calls, its store and cart service. */
    public record Device(String name, NodeId node, KvStore store, CartService service) {
    }

    /**
     * Who is where: device A's and B's nodes, and the cut the lab's button makes, device A's node and
     * one more (so that A's side can still meet W=2) against the rest.
     */
    public record Layout(NodeId a, NodeId b, List<NodeId> sideA, List<NodeId> sideB) {
        public Layout {
            sideA = List.copyOf(sideA);
            sideB = List.copyOf(sideB);
        }
    }

    /** A device's read: the cart merged by the devices' policy, how many versions, and who answered. */
    public record DeviceRead(CartView cart, int versions, boolean fallbacksOnly, List<Versioned<Value>> siblings) {
    }

    /**
     * One read of the lab cart through device A's node: the siblings and their merge under each policy.
     *
     * @param allReplicas whether every replica answered (R = N); false when the read had to make do with
     *                    the default R (a partition, a stopped node) and may miss the other side's version
     * @param merged      policy name to the cart its merge of {@code siblings} gives
     */
    public record Inspection(NodeId through, boolean allReplicas, boolean fallbacksOnly,
                             List<Versioned<Value>> siblings, Map<String, CartView> merged) {
    }

    private final Catalog catalog;
    private final CartIds ids;
    private final ReplicaReader replicas;
    private final Layout layout;
    private final Device a;
    private final Device b;
    private final KvStore inspectStore;
    private final Map<String, CartService> writeBack = new LinkedHashMap<>();
    private final PaperExamples paper;
    private final Map<String, Integer> generation = new ConcurrentHashMap<>();
    private final Map<String, CartId> carts = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CartId> eldest) {
            return size() > MAX_SESSIONS;
        }
    });
    private final Map<CartId, Set<ProductId>> removed = new ConcurrentHashMap<>();

    /**
     * @param storeOf  the store coordinated by a node (metered, pinned to it)
     * @param replicas where a key lives and what each node holds of it
     * @param members  the cluster's nodes, n1 first
     */
    public Lab(Catalog catalog, CartIds ids, Function<NodeId, KvStore> storeOf, ReplicaReader replicas,
               List<NodeId> members) {
        this.catalog = catalog;
        this.ids = ids;
        this.replicas = replicas;
        this.layout = layout(members, replicas::zoneOf);
        KvStore storeA = storeOf.apply(layout.a());
        KvStore storeB = storeOf.apply(layout.b());
        CartMerge<?> devices = CartMerge.named("observed-remove");
        this.a = new Device("A", layout.a(), storeA, CartService.create(storeA, catalog, devices, ids, "device-a"));
        this.b = new Device("B", layout.b(), storeB, CartService.create(storeB, catalog, devices, ids, "device-b"));
        this.inspectStore = storeA;
        for (String policy : POLICIES) {
            writeBack.put(policy, CartService.create(new ReadAllStore(storeA), catalog, CartMerge.named(policy), ids,
                    "device-a"));
        }
        this.paper = new PaperExamples(storeOf, replicas);
    }

    /**
     * Device A on the first member, device B on the fourth (or the last of fewer), moved on to a node of
     * another zone than A's when there are zones (a key has one replica per zone, so two nodes of one
     * zone never share a key); A's side of the cut is A's node and the first other member.
     */
    static Layout layout(List<NodeId> members, Function<NodeId, Zone> zoneOf) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("the lab needs two nodes at least, has " + members);
        }
        NodeId first = members.get(0);
        int start = Math.min(3, members.size() - 1);
        NodeId other = members.get(start);
        for (int i = 0; i < members.size() - 1; i++) {
            NodeId candidate = members.get(1 + (start - 1 + i) % (members.size() - 1));
            if (!zoneOf.apply(candidate).equals(zoneOf.apply(first))) {
                other = candidate;
                break;
            }
        }
        List<NodeId> sideA = new ArrayList<>(List.of(first));
        List<NodeId> sideB = new ArrayList<>();
        for (NodeId n : members) {
            if (n.equals(first)) {
                continue;
            }
            if (sideA.size() < 2 && !n.equals(other)) {
                sideA.add(n);
            } else {
                sideB.add(n);
            }
        }
        return new Layout(first, other, sideA, sideB);
    }

    public Layout layout() {
        return layout;
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

    public Catalog catalog() {
        return catalog;
    }

    public ReplicaReader replicas() {
        return replicas;
    }

    /** The paper's section 4.4 example, one run per browser. */
    public PaperExamples paper() {
        return paper;
    }

    /** Device A's cart service writing back the merge of {@code policy} (it reads every replica it can). */
    public CartService writeBack(String policy) {
        CartService s = writeBack.get(policy);
        if (s == null) {
            throw new IllegalArgumentException("no merge policy \"" + policy + "\"; there are " + POLICIES);
        }
        return s;
    }

    /**
     * The partition the lab's button makes of the cluster's current {@code members}: the layout's side
     * A against every other member.
     */
    public List<List<String>> partition(List<NodeId> members) {
        List<String> sideA = new ArrayList<>();
        List<String> sideB = new ArrayList<>();
        for (NodeId n : members) {
            (layout.sideA().contains(n) ? sideA : sideB).add(n.value());
        }
        return List.of(sideA, sideB);
    }

    /**
     * This session's lab cart: the first of its candidate ids whose replicas include both devices'
     * nodes in the ring of the moment it is first asked for (it stays this session's cart until
     * {@link #reset}, even if the ring changes; {@link #straddles} tells).
     */
    public CartId cart(String session) {
        int gen = generation.getOrDefault(session, 0);
        String name = session + "/" + gen;
        return carts.computeIfAbsent(name, n -> pick("lab-" + tag(session) + "-" + gen));
    }

    /**
     * A short, stable stand-in for a session id in the names of its lab cart and paper key, which the
     * pages show: the session id itself is the browser's secret and appears nowhere.
     */
    static String tag(String session) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(session.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private CartId pick(String label) {
        for (int k = 0; k < CART_CANDIDATES; k++) {
            CartId candidate = ids.named(label + "-" + k);
            if (straddles(candidate)) {
                return candidate;
            }
        }
        return ids.named(label + "-0");
    }

    /** Whether both devices' nodes are replicas of {@code cart} in the current ring. */
    public boolean straddles(CartId cart) {
        List<NodeId> list = replicas.replicasOf(cart.key());
        return list.contains(layout.a()) && list.contains(layout.b());
    }

    /** Starts this session over with a new, empty lab cart. */
    public void reset(String session) {
        generation.merge(session, 1, (x, y) -> (x + y) % 1000);
    }

    /** What {@code device} reads of the cart now (its node's default R), merged by observed-remove; writes nothing. */
    public DeviceRead read(Device device, CartId cart) {
        GetResult r = StoreWait.result(device.store().get(cart.key()));
        return new DeviceRead(merge(CartMerge.named("observed-remove"), r.siblings()), r.versionCount(),
                r.fallbacksOnly(), r.siblings());
    }

    /**
     * Reads the cart through device A's node, every replica when they all answer (right after a heal an
     * R=2 read may miss the other side's version), and merges the siblings under each policy.
     */
    public Inspection inspect(CartId cart) {
        Quorum quorum = inspectStore.defaultQuorum(cart.key().namespace());
        GetResult r;
        boolean all = true;
        try {
            r = StoreWait.result(inspectStore.get(cart.key(), quorum.withR(quorum.n())));
        } catch (KvStoreException | StoreWait.StoreTimeoutException e) {
            all = false;
            r = StoreWait.result(inspectStore.get(cart.key()));
        }
        Map<String, CartView> merged = new LinkedHashMap<>();
        for (String policy : POLICIES) {
            merged.put(policy, merge(CartMerge.named(policy), r.siblings()));
        }
        return new Inspection(layout.a(), all, r.fallbacksOnly(), r.siblings(), merged);
    }

    /** The siblings' carts merged by {@code policy}; deletes and unreadable bytes contribute nothing. */
    public <S extends CartState> CartView merge(CartMerge<S> policy, List<Versioned<Value>> siblings) {
        List<S> states = new ArrayList<>();
        for (Versioned<Value> v : siblings) {
            if (v.value() instanceof Value.Bytes bytes) {
                try {
                    states.add(policy.decodeAny(bytes.toByteArray()));
                } catch (CartFormatException e) {
                    // shown as unreadable beside the siblings; the merge is of the rest
                }
            }
        }
        return policy.view(policy.mergeAll(states), catalog.byId(), catalog.currency(), siblings.size());
    }

    /** One version's cart (what it holds, not merged with anything), or null for a delete or bytes that are no cart. */
    public CartView cartOf(Versioned<Value> version) {
        if (!(version.value() instanceof Value.Bytes bytes)) {
            return null;
        }
        return single(CartMerge.named("observed-remove"), bytes.toByteArray());
    }

    private <S extends CartState> CartView single(CartMerge<S> policy, byte[] bytes) {
        try {
            return policy.view(policy.decodeAny(bytes), catalog.byId(), catalog.currency(), 1);
        } catch (CartFormatException e) {
            return null;
        }
    }

    /** What each of {@code nodes} holds of the cart, read from its own storage. */
    public List<ReplicaReader.Copy> copies(CartId cart, List<NodeId> nodes) {
        return nodes.stream().map(n -> replicas.copy(n, cart.key())).toList();
    }

    /**
     * Waits (at most {@code timeout}) until every running replica of the cart holds the same versions,
     * so that both sides of a cut start from the same cart; returns whether they did.
     */
    public boolean awaitReplicasAgree(CartId cart, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<Set<Dot>> seen = new HashSet<>();
            for (ReplicaReader.Copy c : copies(cart, replicas.replicasOf(cart.key()))) {
                if (c.running()) {
                    seen.add(Set.copyOf(c.held().stream().map(Versioned::dot).toList()));
                }
            }
            if (seen.size() <= 1) {
                return true;
            }
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
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
