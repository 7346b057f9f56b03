package io.dynacart.loadgen.workload;

import io.dynacart.cart.CartId;
import io.dynacart.cart.CartNamespaces;
import io.dynacart.cart.CartView;
import io.dynacart.cart.ProductId;
import io.dynacart.cart.catalog.Catalog;
import io.dynacart.cart.catalog.CatalogStore;
import io.dynacart.cart.catalog.StandardCatalog;
import io.dynacart.cart.merge.CartMerge;
import io.dynacart.cart.merge.Tag;
import io.dynacart.cart.service.CartIds;
import io.dynacart.cart.service.CartRejectedException;
import io.dynacart.cart.service.CartService;
import io.dynacart.loadgen.target.RemoteTarget;
import io.dynacart.loadgen.target.Target;
import io.dynacart.loadgen.workload.CartLedger.Kind;
import io.dynacart.store.api.UnknownNamespaceException;
import io.dynacart.store.identity.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Shoppers, each with two devices editing one cart through different coordinators (the paper's
 * section 4.4 scenario): view 40%, add 35%, remove 10%, set quantity 10%, checkout 5%. Removes and
 * quantity changes pick an item the device last saw in the cart. Every change goes into the cart's
 * {@link CartLedger}; {@link #verify} reads every cart back through both devices until they agree.
 */
public final class CartWorkload implements Workload {

    public static final List<String> OPERATIONS = List.of("view", "add", "remove", "set_quantity", "checkout");
    private static final int[] WEIGHTS = {40, 35, 10, 10, 5};

    private final Target target;
    private final CartMerge<?> policy;
    private final int shoppers;
    private final SplittableRandom random;
    /** Signed under a fresh random key: each run's carts are its own, even against a cluster that keeps data. */
    private final CartIds ids = CartIds.random();
    private final List<Device[]> devices = new ArrayList<>();
    private final List<CartLedger> ledgers = new ArrayList<>();
    /** Requests started and not yet answered by the store (not the caller's timeout: the store's answer). */
    private final Set<CartRequest> outstanding = ConcurrentHashMap.newKeySet();
    private List<ProductId> products = List.of();

    /** {@code shoppers} carts of policy {@code policy}; {@code seed} fixes the choices. */
    public CartWorkload(Target target, CartMerge<?> policy, int shoppers, long seed) {
        if (shoppers < 1) {
            throw new IllegalArgumentException("at least one shopper, was " + shoppers);
        }
        this.target = target;
        this.policy = policy;
        this.shoppers = shoppers;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return "cart";
    }

    @Override
    public List<String> operations() {
        return OPERATIONS;
    }

    public String policy() {
        return policy.name();
    }

    @Override
    public void prepare(Duration deadline) {
        target.defineNamespaces(CartNamespaces.changes(target.coordinatedBy(0).defaultQuorum(),
                CartNamespaces.DEFAULT_CART_TTL));
        Catalog catalog;
        try {
            catalog = Waiting.get(CatalogStore.seed(target.coordinatedBy(0), StandardCatalog.catalog()), deadline);
        } catch (UnknownNamespaceException e) {
            throw new IllegalStateException("the cluster has no namespace '" + e.namespace() + "', which the cart"
                    + " workload needs: set " + RemoteTarget.ADMIN_TOKEN_ENV + " so the run makes the shop's namespaces"
                    + " (cart, order, catalog), or make them with `dynacart admin namespace NAME`", e);
        }
        products = catalog.products().stream().map(p -> p.id()).toList();
        int n = target.coordinators();
        for (int s = 0; s < shoppers; s++) {
            CartId cart = ids.named("shopper-" + s);
            Key key = cart.key();
            // Device A through node s mod n, device B through the node half the cluster away.
            Device a = device(cart, key, catalog, s, "phone");
            Device b = device(cart, key, catalog, s + Math.max(1, n / 2), "laptop");
            devices.add(new Device[] {a, b});
            ledgers.add(new CartLedger());
        }
    }

    private Device device(CartId cart, Key key, Catalog catalog, int coordinator, String name) {
        Device.Recording store = new Device.Recording(target.coordinatedBy(coordinator), key);
        return new Device(cart, CartService.create(store, catalog, policy, ids, name), store);
    }

    @Override
    public synchronized Request next() {
        for (int attempt = 0; attempt < 4; attempt++) {
            int shopper = random.nextInt(shoppers);
            int first = random.nextInt(2);
            for (int d = 0; d < 2; d++) {
                Device device = devices.get(shopper)[(first + d) % 2];
                if (device.tryAcquire()) {
                    return request(device, ledgers.get(shopper), pick());
                }
            }
        }
        return new Busy(pick());
    }

    /** A request no device was free for: it fails at once as {@value ErrorKind#DEVICES_BUSY}. */
    private record Busy(String operation) implements Request {
        @Override
        public CompletableFuture<Integer> start() {
            return CompletableFuture.failedFuture(new DevicesBusyException());
        }

        @Override
        public void abandon() {
        }
    }

    /** Every device of the shoppers tried had a request out. */
    static final class DevicesBusyException extends RuntimeException {
        DevicesBusyException() {
            super("every device tried had a request out", null, false, false);
        }
    }

    private String pick() {
        int r = random.nextInt(100);
        for (int i = 0; i < WEIGHTS.length; i++) {
            if (r < WEIGHTS[i]) {
                return OPERATIONS.get(i);
            }
            r -= WEIGHTS[i];
        }
        throw new IllegalStateException("weights do not add up to 100");
    }

    private Request request(Device device, CartLedger ledger, String operation) {
        List<ProductId> seen = device.lastSeen();
        ProductId item = switch (operation) {
            case "remove", "set_quantity" -> seen.isEmpty() ? products.get(random.nextInt(products.size()))
                    : seen.get(random.nextInt(seen.size()));
            default -> products.get(random.nextInt(products.size()));
        };
        int units = operation.equals("set_quantity") ? 1 + random.nextInt(5) : 1 + random.nextInt(3);
        String op = operation.equals("checkout") && seen.isEmpty() ? "view" : operation;
        return new CartRequest(device, ledger, op, item, units);
    }

    /** One change or view by one device; the device stays busy until the store has answered. */
    private final class CartRequest implements Request {
        private final Device device;
        private final CartLedger ledger;
        private final String operation;
        private final ProductId item;
        private final int units;
        private volatile long start;

        CartRequest(Device device, CartLedger ledger, String operation, ProductId item, int units) {
            this.device = device;
            this.ledger = ledger;
            this.operation = operation;
            this.item = item;
            this.units = units;
        }

        @Override
        public String operation() {
            return operation;
        }

        @Override
        public void abandon() {
            device.release();
        }

        @Override
        public CompletableFuture<Integer> start() {
            outstanding.add(this);
            start = System.nanoTime();
            CompletableFuture<Integer> call = invoke(switch (operation) {
                case "view" -> () -> device.service.view(device.cart).thenApply(this::seen);
                case "add" -> () -> device.service.add(device.cart, item, units).thenApply(this::seen);
                case "remove" -> () -> device.service.remove(device.cart, item).thenApply(this::seen);
                case "set_quantity" -> () -> device.service.setQuantity(device.cart, item, units).thenApply(this::seen);
                case "checkout" -> () -> device.service.checkout(device.cart)
                        .thenApply(order -> order.versionsMerged())
                        .exceptionally(CartWorkload::emptyCartIsAnAnswer);
                default -> throw new IllegalStateException("unknown cart operation " + operation);
            });
            // The ledger hears of the change when the store has answered, not at the caller's timeout.
            call.whenComplete((versions, failure) -> {
                record(System.nanoTime(), failure == null);
                device.release();
                outstanding.remove(this);
            });
            return call;
        }

        /**
         * Enters this change in the cart's ledger; {@code end} is when the store answered, or
         * {@code Long.MAX_VALUE} for a change never answered — whose read is unknown, so it may
         * have seen any item.
         */
        void record(long end, boolean acked) {
            boolean unknown = end == Long.MAX_VALUE;
            Set<ProductId> saw = unknown ? Set.copyOf(products) : device.itemsInLastRead(policy);
            Set<Tag> readTags = unknown ? Set.of() : device.tagsInLastRead(policy);
            Set<Tag> written = acked ? device.newTagsInLastWrite(item, policy) : Set.of();
            switch (operation) {
                case "add" -> ledger.record(Kind.ADD, item, units, start, end, acked, Set.of(), written);
                case "set_quantity" -> {
                    ledger.record(Kind.SET, item, units, start, end, acked, saw, readTags);
                    ledger.record(Kind.ADD, item, units, start, end, acked, Set.of(), written);
                }
                case "remove" -> ledger.record(Kind.REMOVE, item, 0, start, end, acked, saw, readTags);
                case "checkout" -> ledger.record(Kind.CHECKOUT, null, 0, start, end, acked, saw, readTags);
                default -> { }
            }
        }

        private int seen(CartView view) {
            device.saw(view);
            return view.versionsMerged();
        }
    }

    private static CompletableFuture<Integer> invoke(Supplier<CompletableFuture<Integer>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A checkout of a cart that turned out empty is the shop's correct answer, not a failure. */
    private static Integer emptyCartIsAnAnswer(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (t instanceof CartRejectedException r && r.reason() == CartRejectedException.Reason.EMPTY_CART) {
            return -1;
        }
        throw failure instanceof RuntimeException re ? re : new CompletionException(failure);
    }

    @Override
    public Correctness verify(Duration deadline) {
        long began = System.nanoTime();
        long end = began + deadline.toNanos();
        long patience = began + Math.min(deadline.toNanos() / 4, TimeUnit.SECONDS.toNanos(15));
        while (!outstanding.isEmpty() && System.nanoTime() < patience) {
            Waiting.sleep(20);
        }
        // A change the store never answered may still land: it counts as in doubt from its start on.
        int unanswered = 0;
        for (CartRequest r : List.copyOf(outstanding)) {
            r.record(Long.MAX_VALUE, false);
            unanswered++;
        }
        ledgers.forEach(CartLedger::close);
        CartReadBack readBack = new CartReadBack(devices, ledgers, policy);
        readBack.run(end);
        return readBack.result(policy.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), unanswered);
    }
}
