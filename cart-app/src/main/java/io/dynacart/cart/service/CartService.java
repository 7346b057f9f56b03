package io.dynacart.cart.service;

import io.dynacart.cart.CartId;
import io.dynacart.cart.CartView;
import io.dynacart.cart.Money;
import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import io.dynacart.cart.catalog.Catalog;
import io.dynacart.cart.codec.CartFormatException;
import io.dynacart.cart.merge.CartMerge;
import io.dynacart.cart.merge.CartOp;
import io.dynacart.cart.merge.CartState;
import io.dynacart.cart.merge.Tag;
import io.dynacart.cart.service.CartRejectedException.Reason;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.SiblingLimitException;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carts over the store: every call is a read-merge-write cycle on the key {@code cart:{id}}.
 *
 * <ol>
 *   <li>Read the cart: every sibling (paper, section 4.1) and the context that covers them.</li>
 *   <li>Decode each sibling with the store's merge policy (a cart written under the other policy is
 *       converted, see {@link CartMerge#decodeAny}); a delete contributes nothing; bytes that are no
 *       cart are set aside under {@code cart-unreadable:{id}:{hash}} (the first 16 hex digits of their SHA-256)
 *       before anything supersedes them.</li>
 *   <li>Merge the siblings; apply the request as one operation with a fresh {@link Tag}; write the
 *       result with the combined context, so the write supersedes exactly the versions it merged.</li>
 * </ol>
 * A {@link #view} that found several versions writes the merge back too, so divergence does not
 * accumulate; {@link CartView#versionsMerged()} says how many versions a call reconciled.
 *
 * <p>The futures complete when the store acknowledged the write (W replicas): an add whose future
 * completed normally is never lost, whatever happens to the cluster afterwards. A future that failed
 * with a store error may or may not have taken effect. Input that is wrong whatever the cart holds
 * (an unknown product, a quantity out of range, a cart id this shop did not issue) is refused at the
 * call with a {@link CartRejectedException} and the store is not touched; a request that the cart's
 * contents make impossible (too many of one item) fails the future with one, and the cart is
 * unchanged.
 *
 * <p>Every service instance is its own tag writer: {@code writerPrefix} plus a random suffix, with a
 * counter that never repeats, so two instances (two devices, two web servers, a restart) never share
 * a tag. Safe for concurrent use.
 */
public final class CartService {

    /** The most units of one item a cart may hold. */
    public static final int MAX_LINE_QUANTITY = 999;
    /** The most distinct items a cart may hold. */
    public static final int MAX_LINES = 100;

    private static final Logger log = LoggerFactory.getLogger(CartService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Engine<?> engine;

    private CartService(Engine<?> engine) {
        this.engine = engine;
    }

    /**
     * A service over {@code store} selling {@code catalog}, merging with {@code policy}, accepting the
     * carts {@code ids} issues, timestamping orders with the system clock.
     *
     * @param writerPrefix names this service's tags, e.g. {@code web} or {@code device-a}; a random
     *                     suffix is added
     */
    public static CartService create(KvStore store, Catalog catalog, CartMerge<?> policy, CartIds ids, String writerPrefix) {
        return create(store, catalog, policy, ids, writerPrefix, InstantSource.system());
    }

    /** As {@link #create(KvStore, Catalog, CartMerge, CartIds, String)}, with the clock orders are stamped by. */
    public static CartService create(KvStore store, Catalog catalog, CartMerge<?> policy, CartIds ids,
                                     String writerPrefix, InstantSource clock) {
        String writer = writerPrefix + "-" + Long.toString(RANDOM.nextLong() >>> 24, 36);
        return new CartService(new Engine<>(store, catalog, policy, ids, writer, clock));
    }

    public Catalog catalog() {
        return engine.catalog;
    }

    public CartIds ids() {
        return engine.ids;
    }

    /** The merge policy's name: {@code paper} or {@code observed-remove}. */
    public String policy() {
        return engine.policy.name();
    }

    /** The name this service's tags carry. */
    public String writer() {
        return engine.writer;
    }

    /** A new, empty cart's id. Nothing is written until the cart is first changed. */
    public CartId newCart() {
        return engine.ids.issue();
    }

    /** The cart, merged; an unknown cart is empty. Writes the merge back if it found several versions. */
    public CompletableFuture<CartView> view(CartId cart) {
        return engine.view(engine.ids.requireOwned(cart));
    }

    /** Adds {@code quantity} (1 to {@value #MAX_LINE_QUANTITY}) units of {@code product}. */
    public CompletableFuture<CartView> add(CartId cart, ProductId product, int quantity) {
        engine.ids.requireOwned(cart);
        Product p = engine.requireProduct(product);
        requireQuantity(quantity, 1);
        return engine.mutate(cart, (state, tag) -> {
            long now = state.quantities().getOrDefault(product, 0L);
            if (now == 0 && state.quantities().size() >= MAX_LINES) {
                throw new CartRejectedException(Reason.CART_LIMIT,
                        "a cart holds at most " + MAX_LINES + " different items; this one is full");
            }
            if (now + quantity > MAX_LINE_QUANTITY) {
                throw new CartRejectedException(Reason.CART_LIMIT, "the cart has " + now + " of " + p.name()
                        + "; adding " + quantity + " would pass the limit of " + MAX_LINE_QUANTITY);
            }
            return List.of(new CartOp.Add(product, quantity, tag));
        });
    }

    /** Takes {@code product} out of the cart: every unit of it this read saw. Absent, it is a no-op. */
    public CompletableFuture<CartView> remove(CartId cart, ProductId product) {
        engine.ids.requireOwned(cart);
        Objects.requireNonNull(product, "product");
        return engine.mutate(cart, (state, tag) ->
                state.quantities().containsKey(product) ? List.of(new CartOp.Remove(product)) : List.of());
    }

    /**
     * Sets {@code product}'s quantity to {@code quantity} (0 to {@value #MAX_LINE_QUANTITY}; 0
     * removes it). Under {@code observed-remove} a concurrent add on another device still counts on
     * top; under {@code paper} the replaced units may come back. See the policies.
     */
    public CompletableFuture<CartView> setQuantity(CartId cart, ProductId product, int quantity) {
        engine.ids.requireOwned(cart);
        requireQuantity(quantity, 0);
        if (quantity > 0) {
            engine.requireProduct(product);
        }
        return engine.mutate(cart, (state, tag) -> {
            if (quantity == 0) {
                return state.quantities().containsKey(product) ? List.of(new CartOp.Remove(product)) : List.of();
            }
            if (!state.quantities().containsKey(product) && state.quantities().size() >= MAX_LINES) {
                throw new CartRejectedException(Reason.CART_LIMIT,
                        "a cart holds at most " + MAX_LINES + " different items; this one is full");
            }
            return List.of(new CartOp.SetQuantity(product, quantity, tag));
        });
    }

    /** Empties the cart: removes every item this read saw. */
    public CompletableFuture<CartView> clear(CartId cart) {
        engine.ids.requireOwned(cart);
        return engine.mutate(cart, (state, tag) -> removeAll(state.quantities()));
    }

    /**
     * Turns the cart into an order: writes {@code order:{id}} with the priced lines, then removes those
     * items from the cart. Items the catalog no longer lists stay in the cart. The order's id depends
     * only on the cart and its contents, so retrying a checkout whose cart write failed names the same
     * order instead of a second one.
     */
    public CompletableFuture<Order> checkout(CartId cart) {
        engine.ids.requireOwned(cart);
        return engine.checkout(cart);
    }

    /**
     * The order {@code id}, or an empty result if the store holds none. Checkouts of one cart's
     * contents racing each other write the same order with different times; the earliest is returned.
     */
    public CompletableFuture<Optional<Order>> order(String id) {
        if (id == null || id.isEmpty() || id.length() > 200) {
            throw new IllegalArgumentException("an order id has 1 to 200 characters");
        }
        return engine.store.get(Order.key(id)).thenApply(result -> result.values().stream()
                .map(OrderCodec::decode).min(Comparator.comparing(Order::placedAt)));
    }

    /** The cart's siblings with their clocks, and their merge; writes nothing. */
    public CompletableFuture<CartInspection> inspect(CartId cart) {
        return engine.inspect(engine.ids.requireOwned(cart));
    }

    /**
     * What {@code siblings}, a cart's versions as some replica holds them, show: each one and their
     * merge, as {@link #inspect} shows what a read returns. No store call (the key explorer shows each
     * replica's copy this way).
     */
    public CartInspection inspect(List<Versioned<Value>> siblings) {
        return engine.inspection(siblings, siblings.size());
    }

    private static List<CartOp> removeAll(Map<ProductId, Long> quantities) {
        List<CartOp> ops = new ArrayList<>();
        quantities.keySet().forEach(item -> ops.add(new CartOp.Remove(item)));
        return ops;
    }

    private static void requireQuantity(int quantity, int min) {
        if (quantity < min || quantity > MAX_LINE_QUANTITY) {
            throw new CartRejectedException(Reason.BAD_QUANTITY,
                    "quantity must be " + min + " to " + MAX_LINE_QUANTITY + ", was " + quantity);
        }
    }

    /** The service for one policy's state type. */
    private static final class Engine<S extends CartState> {
        final KvStore store;
        final Catalog catalog;
        final CartMerge<S> policy;
        final CartIds ids;
        final String writer;
        final InstantSource clock;
        final AtomicLong counter = new AtomicLong();
        /** Times a change is retried after its write was refused for the cart's sibling caps. */
        static final int SIBLING_RETRIES = 2;

        Engine(KvStore store, Catalog catalog, CartMerge<S> policy, CartIds ids, String writer, InstantSource clock) {
            this.store = Objects.requireNonNull(store, "store");
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            this.policy = Objects.requireNonNull(policy, "policy");
            this.ids = Objects.requireNonNull(ids, "ids");
            this.writer = Tag.of(writer, 1).writer();
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        Product requireProduct(ProductId id) {
            Objects.requireNonNull(id, "product");
            return catalog.find(id).orElseThrow(() -> new CartRejectedException(Reason.UNKNOWN_PRODUCT,
                    "there is no product \"" + id + "\" in the catalog"));
        }

        /** One read of a cart: the merged state, the context covering every sibling, and how many there were. */
        record Read<S>(S state, Context context, int versions) {}

        CompletableFuture<Read<S>> read(CartId cart) {
            Key key = cart.key();
            return store.get(key).thenCompose(result -> {
                List<S> states = new ArrayList<>();
                List<CompletableFuture<Context>> setAside = new ArrayList<>();
                for (Versioned<Value> sibling : result.siblings()) {
                    if (sibling.value() instanceof Value.Bytes bytes) {
                        byte[] raw = bytes.toByteArray();
                        try {
                            states.add(policy.decodeAny(raw));
                        } catch (CartFormatException e) {
                            setAside.add(setAside(cart, raw, e));
                        }
                    }
                }
                Read<S> read = new Read<>(policy.mergeAll(states), result.context(), result.versionCount());
                return CompletableFuture.allOf(setAside.toArray(CompletableFuture[]::new)).thenApply(v -> read);
            });
        }

        /**
         * Copies {@code raw} to its own key, once: the key is named by the bytes' hash, so a copy
         * already there is these bytes, and a second copy written blind would only pile siblings up
         * (a cart whose write keeps failing is read, and set aside, again and again).
         */
        private CompletableFuture<Context> setAside(CartId cart, byte[] raw, CartFormatException why) {
            String key = "cart-unreadable:" + cart + ":" + sha256(raw).substring(0, 16);
            return store.get(Key.of(key)).thenCompose(held -> {
                if (held.values().stream().anyMatch(v -> Arrays.equals(v, raw))) {
                    return CompletableFuture.completedFuture(held.context());
                }
                log.warn("cart {} has a version that is no cart ({}); keeping its {} bytes under {} and merging the rest",
                        cart, why.getMessage(), raw.length, key);
                return store.put(Key.of(key), held.context(), raw);
            });
        }

        CartView render(S state, int versions) {
            return policy.view(state, catalog.byId(), catalog.currency(), versions);
        }

        CompletableFuture<CartView> view(CartId cart) {
            return read(cart).thenCompose(read -> {
                CartView view = render(read.state(), read.versions());
                if (read.versions() <= 1) {
                    return CompletableFuture.completedFuture(view);
                }
                return store.put(cart.key(), read.context(), policy.encode(read.state()))
                        .handle((ctx, failure) -> {
                            if (failure != null) {
                                log.debug("write-back of cart {} ({} versions) failed; the next write merges them",
                                        cart, read.versions(), failure);
                            }
                            return view;
                        });
            });
        }

        /**
         * Reads, asks {@code plan} for the operations (it may refuse by throwing), applies them, writes.
         * A write refused for the key's sibling caps wrote nothing, and the coordinator holds versions
         * this read missed: read again and retry, at most {@value #SIBLING_RETRIES} times.
         */
        CompletableFuture<CartView> mutate(CartId cart, BiFunction<S, Tag, List<CartOp>> plan) {
            return mutate(cart, plan, SIBLING_RETRIES);
        }

        private CompletableFuture<CartView> mutate(CartId cart, BiFunction<S, Tag, List<CartOp>> plan, int retries) {
            return mutateOnce(cart, plan).handle((view, failure) -> {
                Throwable cause = failure instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : failure;
                if (cause instanceof SiblingLimitException && retries > 0) {
                    log.debug("cart {}: {}; reading it again", cart, cause.getMessage());
                    return mutate(cart, plan, retries - 1);
                }
                return failure == null ? CompletableFuture.completedFuture(view) : CompletableFuture.<CartView>failedFuture(cause);
            }).thenCompose(f -> f);
        }

        private CompletableFuture<CartView> mutateOnce(CartId cart, BiFunction<S, Tag, List<CartOp>> plan) {
            return read(cart).thenCompose(read -> {
                List<CartOp> ops = plan.apply(read.state(), new Tag(writer, counter.incrementAndGet()));
                if (ops.isEmpty() && read.versions() <= 1) {
                    return CompletableFuture.completedFuture(render(read.state(), read.versions()));
                }
                S next = policy.applyAll(read.state(), ops);
                return store.put(cart.key(), read.context(), policy.encode(next))
                        .thenApply(ctx -> render(next, read.versions()));
            });
        }

        CompletableFuture<Order> checkout(CartId cart) {
            return read(cart).thenCompose(read -> {
                CartView view = render(read.state(), read.versions());
                if (view.lines().isEmpty()) {
                    throw new CartRejectedException(Reason.EMPTY_CART, view.unavailable().isEmpty()
                            ? "the cart is empty; there is nothing to check out"
                            : "nothing in the cart is still sold; remove " + view.unavailable());
                }
                Order order = order(cart, read, view);
                List<CartOp> ops = new ArrayList<>();
                view.lines().forEach(line -> ops.add(new CartOp.Remove(line.product().id())));
                S next = policy.applyAll(read.state(), ops);
                return writeOrder(order)
                        .thenCompose(orderCtx -> store.put(cart.key(), read.context(), policy.encode(next)))
                        .thenApply(ctx -> order);
            });
        }

        /**
         * Writes {@code order} unless the store holds it already: its id names the cart's contents, so
         * a retried checkout finds the order it wrote before, and writing it again blind would only
         * add a sibling per retry.
         */
        private CompletableFuture<Context> writeOrder(Order order) {
            Key key = Order.key(order.id());
            return store.get(key).thenCompose(held -> held.values().isEmpty()
                    ? store.put(key, held.context(), OrderCodec.encode(order))
                    : CompletableFuture.completedFuture(held.context()));
        }

        private Order order(CartId cart, Read<S> read, CartView view) {
            List<Order.Line> lines = new ArrayList<>();
            for (CartView.Line l : view.lines()) {
                lines.add(new Order.Line(l.product().id(), l.product().name(), l.product().price(), l.quantity(), l.lineTotal()));
            }
            byte[] state = policy.encode(read.state());
            byte[] seed = (cart.value() + "/").getBytes(StandardCharsets.US_ASCII);
            byte[] both = new byte[seed.length + state.length];
            System.arraycopy(seed, 0, both, 0, seed.length);
            System.arraycopy(state, 0, both, seed.length, state.length);
            String id = sha256(both).substring(0, 24);
            Money total = view.total();
            return new Order(id, cart, lines, total, clock.instant(), read.versions());
        }

        CompletableFuture<CartInspection> inspect(CartId cart) {
            return store.get(cart.key()).thenApply(result -> inspection(result.siblings(), result.versionCount()));
        }

        CartInspection inspection(List<Versioned<Value>> versions, int versionCount) {
            List<CartInspection.Sibling> siblings = new ArrayList<>();
            List<S> states = new ArrayList<>();
            CartView empty = render(policy.empty(), 1);
            for (Versioned<Value> sibling : versions) {
                String clock = sibling.version().toString();
                if (sibling.value() instanceof Value.Bytes bytes) {
                    try {
                        S state = policy.decodeAny(bytes.toByteArray());
                        states.add(state);
                        siblings.add(new CartInspection.Sibling(clock, CartInspection.Kind.CART, render(state, 1)));
                    } catch (CartFormatException e) {
                        siblings.add(new CartInspection.Sibling(clock, CartInspection.Kind.UNREADABLE, empty));
                    }
                } else {
                    siblings.add(new CartInspection.Sibling(clock, CartInspection.Kind.DELETED, empty));
                }
            }
            return new CartInspection(siblings, render(policy.mergeAll(states), versionCount));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
