package io.dynacart.cart.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.cart.CartId;
import io.dynacart.cart.CartView;
import io.dynacart.cart.Money;
import io.dynacart.cart.ProductId;
import io.dynacart.cart.merge.CartMerge;
import io.dynacart.cart.merge.ObservedRemove;
import io.dynacart.cart.merge.Paper;
import io.dynacart.cart.service.CartRejectedException.Reason;
import io.dynacart.cart.merge.CartOp;
import io.dynacart.cart.merge.ObservedRemoveCart;
import io.dynacart.cart.merge.Tag;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.TooManySiblingsException;
import io.dynacart.store.identity.Key;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.versioning.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The cart service through its public API, over a five-node simulated cluster. */
class CartServiceTest {

    private static final ProductId KETTLE = ProductId.of("kettle");
    private static final ProductId HONEY = ProductId.of("honey");
    private static final ProductId TENT = ProductId.of("tent");

    private final SimShop shop = new SimShop(7);
    private final SimShop.Device laptop = shop.device("laptop", ObservedRemove.INSTANCE, "n1", "n2");
    private final SimShop.Device phone = shop.device("phone", ObservedRemove.INSTANCE, "n4", "n5");
    private final CartService cartsA = laptop.service();
    private final CartService cartsB = phone.service();

    private static Map<String, Long> items(CartView view) {
        return view.lines().stream().collect(Collectors.toMap(l -> l.product().id().value(), CartView.Line::quantity));
    }

    @Test
    void addsChangesRemovesAndClears() {
        CartId cart = cartsA.newCart();
        assertThat(shop.await(cartsA.view(cart)).lines()).isEmpty();

        shop.await(cartsA.add(cart, KETTLE, 2));
        CartView view = shop.await(cartsB.add(cart, HONEY, 1));
        assertThat(items(view)).isEqualTo(Map.of("kettle", 2L, "honey", 1L));
        assertThat(view.total()).isEqualTo(Money.of(2 * 3499 + 795, "EUR"));

        assertThat(items(shop.await(cartsB.setQuantity(cart, HONEY, 5)))).isEqualTo(Map.of("kettle", 2L, "honey", 5L));
        assertThat(items(shop.await(cartsA.remove(cart, KETTLE)))).isEqualTo(Map.of("honey", 5L));
        assertThat(items(shop.await(cartsA.view(cart)))).isEqualTo(Map.of("honey", 5L));
        assertThat(shop.await(cartsB.clear(cart)).lines()).isEmpty();
        assertThat(shop.await(cartsA.view(cart)).lines()).isEmpty();
    }

    @Test
    void badInputIsRefusedWithAReasonAndTheCartIsUnchanged() {
        CartId cart = cartOnBothSides();
        shop.await(cartsA.add(cart, KETTLE, 998));
        GetResult before = raw(cart);

        assertRejected(() -> cartsA.add(cart, ProductId.of("no-such-thing"), 1), Reason.UNKNOWN_PRODUCT, "no-such-thing");
        assertRejected(() -> cartsA.add(cart, HONEY, 0), Reason.BAD_QUANTITY, "was 0");
        assertRejected(() -> cartsA.add(cart, HONEY, -3), Reason.BAD_QUANTITY, "was -3");
        assertRejected(() -> cartsA.add(cart, HONEY, 1_000_000), Reason.BAD_QUANTITY, "was 1000000");
        assertRejected(() -> cartsA.setQuantity(cart, HONEY, -1), Reason.BAD_QUANTITY, "was -1");
        assertRejected(() -> cartsA.setQuantity(cart, ProductId.of("nope"), 2), Reason.UNKNOWN_PRODUCT, "nope");
        assertRejected(() -> shop.await(cartsA.add(cart, KETTLE, 2)), Reason.CART_LIMIT, "limit of 999");

        CartId forged = CartId.of(cart.value().substring(0, cart.value().length() - 1) + "x");
        CartId foreign = CartIds.random().issue();
        for (CartId bad : List.of(forged, foreign, CartId.of("someone-else"))) {
            assertRejected(() -> cartsA.add(bad, KETTLE, 1), Reason.FOREIGN_CART, bad.value());
            assertRejected(() -> cartsA.view(bad), Reason.FOREIGN_CART, "not issued by this shop");
            assertThat(shop.await(shop.cluster.client(NodeId.of("n3")).get(bad.key())).siblings()).isEmpty();
        }
        assertThat(raw(cart)).isEqualTo(before);
        assertThat(items(shop.await(cartsA.view(cart)))).isEqualTo(Map.of("kettle", 998L));
        assertThatThrownBy(() -> ProductId.of("../order:1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("product id contains the character");
    }

    @Test
    void concurrentEditsThroughAPartitionAreMergedOnReadAndWrittenBack() {
        CartId cart = cartOnBothSides();
        shop.await(cartsA.add(cart, KETTLE, 1));
        shop.partition(List.of(nodes("n1", "n2"), nodes("n3", "n4", "n5")));
        shop.await(cartsA.add(cart, HONEY, 2));
        shop.await(cartsB.add(cart, TENT, 1));
        shop.healAll();
        shop.awaitConverged(cart.key());

        CartView merged = shop.await(cartsA.view(cart));
        assertThat(merged.versionsMerged()).isEqualTo(2);
        assertThat(items(merged)).isEqualTo(Map.of("kettle", 1L, "honey", 2L, "tent", 1L));
        CartView again = shop.await(cartsB.view(cart));
        assertThat(again.versionsMerged()).as("the first read wrote the merge back").isEqualTo(1);
        assertThat(items(again)).isEqualTo(items(merged));
    }

    @Test
    void checkoutWritesTheOrderAndEmptiesTheCart() {
        CartId cart = cartOnBothSides();
        assertRejected(() -> shop.await(cartsA.checkout(cart)), Reason.EMPTY_CART, "empty");
        shop.await(cartsA.add(cart, KETTLE, 2));
        shop.await(cartsA.add(cart, HONEY, 1));

        CompletableFuture<Order> first = cartsA.checkout(cart);
        CompletableFuture<Order> second = cartsB.checkout(cart);
        Order order = shop.await(first);
        assertThat(shop.await(second).id()).as("one cart, one content: one order, however often checked out")
                .isEqualTo(order.id());
        assertThat(order.total()).isEqualTo(Money.of(2 * 3499 + 795, "EUR"));
        assertThat(order.lines()).extracting(l -> l.product().value() + "x" + l.quantity())
                .containsExactly("honeyx1", "kettlex2");
        Order stored = shop.await(cartsB.order(order.id())).orElseThrow();
        assertThat(stored.lines()).isEqualTo(order.lines());
        assertThat(stored.total()).isEqualTo(order.total());
        assertThat(stored.placedAt()).isBeforeOrEqualTo(order.placedAt());
        assertThat(shop.await(cartsA.view(cart)).lines()).isEmpty();
        assertThat(shop.await(cartsA.order("no-such-order"))).isEmpty();
    }

    @Test
    void aVersionThatIsNoCartIsSetAsideNotLost() throws Exception {
        CartId cart = cartOnBothSides();
        shop.await(cartsA.add(cart, KETTLE, 1));
        byte[] garbage = "not a cart".getBytes();
        shop.await(shop.cluster.client(NodeId.of("n3")).put(cart.key(), Context.EMPTY, garbage));

        CartView view = shop.await(cartsA.add(cart, HONEY, 1));
        assertThat(items(view)).isEqualTo(Map.of("kettle", 1L, "honey", 1L));
        assertThat(view.versionsMerged()).isEqualTo(2);
        assertThat(raw(cart).siblings()).hasSize(1);
        assertThat(setAside(cart, garbage)).singleElement().isEqualTo(garbage);
    }

    @Test
    void aCartFloodedToTheSiblingCapRecoversOnItsNextChangeWithNoAddLost() {
        CartId cart = cartOnBothSides();
        KvStore rogue = shop.cluster.client(NodeId.of("n3"));
        Key key = cart.key();
        for (int i = 1; i <= 100; i++) {
            ObservedRemoveCart one = ObservedRemove.INSTANCE.apply(ObservedRemove.INSTANCE.empty(),
                    new CartOp.Add(KETTLE, 1, Tag.of("rogue", i)));
            shop.await(rogue.put(key, Context.EMPTY, ObservedRemove.INSTANCE.encode(one)));
        }
        assertThatThrownBy(() -> shop.await(rogue.put(key, Context.EMPTY, "one more".getBytes())))
                .as("the key is at the cap").isInstanceOf(TooManySiblingsException.class);

        CartView view = shop.await(cartsA.add(cart, HONEY, 1));

        assertThat(items(view)).as("the hundred blind adds and this one").isEqualTo(Map.of("kettle", 100L, "honey", 1L));
        assertThat(raw(cart).siblings()).as("the change wrote the merge with the context of its read").hasSize(1);
        shop.await(rogue.put(key, Context.EMPTY, "blind again".getBytes()));
    }

    @Test
    void aChangeRefusedForTheSiblingCapsIsReadAgainAndRetried() {
        CartId cart = cartOnBothSides();
        shop.await(cartsA.add(cart, KETTLE, 1));
        RefusingStore store = new RefusingStore(laptop.store(), 1);
        CartService carts = CartService.create(store, shop.catalog, ObservedRemove.INSTANCE, shop.ids, "retrying");

        CartView view = shop.await(carts.add(cart, HONEY, 2));

        assertThat(store.refused).as("the first write was refused, writing nothing").isEqualTo(1);
        assertThat(items(view)).isEqualTo(Map.of("kettle", 1L, "honey", 2L));
        assertThat(items(shop.await(cartsB.view(cart)))).as("the add counted once").isEqualTo(items(view));
    }

    @Test
    void aVersionThatIsNoCartIsSetAsideOnceHoweverOftenItIsRead() throws Exception {
        CartId cart = cartOnBothSides();
        shop.await(cartsA.add(cart, KETTLE, 1));
        byte[] garbage = "still not a cart".getBytes();
        shop.await(shop.cluster.client(NodeId.of("n3")).put(cart.key(), Context.EMPTY, garbage));
        RefusingStore store = new RefusingStore(laptop.store(), Integer.MAX_VALUE);
        CartService carts = CartService.create(store, shop.catalog, ObservedRemove.INSTANCE, shop.ids, "stuck");

        for (int i = 0; i < 3; i++) {
            assertThat(items(shop.await(carts.view(cart)))).isEqualTo(Map.of("kettle", 1L));
        }

        assertThat(store.refused).as("every write-back of the cart was refused").isEqualTo(3);
        assertThat(setAside(cart, garbage)).as("one copy, not one per read").singleElement().isEqualTo(garbage);
    }

    /** A device's store whose first {@code refusals} puts of a cart key fail as a sibling cap would: nothing written. */
    private static final class RefusingStore implements KvStore {
        private final KvStore store;
        private final int refusals;
        int refused;

        RefusingStore(KvStore store, int refusals) {
            this.store = store;
            this.refusals = refusals;
        }

        @Override
        public Quorum defaultQuorum() {
            return store.defaultQuorum();
        }

        @Override
        public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
            return store.get(key, quorum);
        }

        @Override
        public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
            if (key.toString().startsWith("cart/") && refused < refusals) {
                refused++;
                return CompletableFuture.failedFuture(TooManySiblingsException.of(101, 100));
            }
            return store.put(key, context, value, quorum);
        }

        @Override
        public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
            return store.delete(key, context, quorum);
        }
    }

    @Test
    void aCartWrittenUnderTheOtherPolicyIsReadNotRefused() {
        CartId cart = cartOnBothSides();
        CartService paper = shop.device("old-shop", Paper.INSTANCE, "n3").service();
        shop.await(paper.add(cart, KETTLE, 3));
        assertThat(items(shop.await(cartsA.add(cart, HONEY, 1)))).isEqualTo(Map.of("kettle", 3L, "honey", 1L));
        assertThat(items(shop.await(paper.view(cart)))).isEqualTo(Map.of("kettle", 3L, "honey", 1L));
    }

    @Test
    void inspectShowsEachSiblingWithItsClockAndWritesNothing() {
        CartId cart = cartOnBothSides();
        shop.await(cartsA.add(cart, KETTLE, 1));
        shop.partition(List.of(nodes("n1", "n2"), nodes("n3", "n4", "n5")));
        shop.await(cartsA.remove(cart, KETTLE));
        shop.await(cartsB.add(cart, TENT, 1));
        shop.healAll();
        shop.awaitConverged(cart.key());

        CartInspection seen = shop.await(cartsA.inspect(cart));
        assertThat(seen.siblings()).hasSize(2).allSatisfy(s -> {
            assertThat(s.kind()).isEqualTo(CartInspection.Kind.CART);
            assertThat(s.clock()).startsWith("([n");
        });
        assertThat(seen.siblings()).extracting(s -> items(s.cart()))
                .containsExactlyInAnyOrder(Map.of(), Map.of("kettle", 1L, "tent", 1L));
        assertThat(items(seen.merged())).as("observed-remove: the remove wins over the version that had not seen it")
                .isEqualTo(Map.of("tent", 1L));
        assertThat(shop.await(cartsA.inspect(cart)).siblings()).as("inspect wrote nothing").hasSize(2);
    }

    @Test
    void everyServiceIsItsOwnWriter() {
        CartService again = shop.device("laptop", ObservedRemove.INSTANCE, "n1").service();
        assertThat(again.writer()).startsWith("laptop-").isNotEqualTo(cartsA.writer());
        assertThat(cartsA.policy()).isEqualTo("observed-remove");
        assertThat(CartMerge.named("paper")).isSameAs(Paper.INSTANCE);
    }

    /**
     * A cart with replicas on both sides of the n1,n2 | n3,n4,n5 cut, so that each side's reads see
     * what was written before the cut. Named, not random, so that every run places it alike.
     */
    private CartId cartOnBothSides() {
        for (int i = 0; ; i++) {
            CartId cart = cartsA.ids().named("cart-" + i);
            List<NodeId> replicas = shop.cluster.ring()
                    .preferenceList(io.dynacart.store.ring.KeyHash.of(cart.key()), 3).primaries();
            boolean left = replicas.stream().anyMatch(nodes("n1", "n2")::contains);
            boolean right = replicas.stream().anyMatch(nodes("n3", "n4", "n5")::contains);
            if (left && right && !used.contains(cart)) {
                used.add(cart);
                return cart;
            }
        }
    }

    private final Set<CartId> used = new java.util.HashSet<>();

    private GetResult raw(CartId cart) {
        return shop.await(shop.cluster.client(NodeId.of("n3")).get(cart.key()));
    }

    private List<byte[]> setAside(CartId cart, byte[] bytes) throws Exception {
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        return shop.await(shop.cluster.client(NodeId.of("n2")).get(Key.of("cart-unreadable:" + cart + ":" + hash.substring(0, 16)))).values();
    }

    private static Set<NodeId> nodes(String... ids) {
        return java.util.Arrays.stream(ids).map(NodeId::of).collect(Collectors.toSet());
    }

    private static void assertRejected(Runnable call, Reason reason, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CartRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
