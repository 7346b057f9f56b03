package io.dynacart.loadgen.workload;

import io.dynacart.store.identity.Namespace;
import io.dynacart.cart.CartId;
import io.dynacart.cart.CartView;
import io.dynacart.cart.ProductId;
import io.dynacart.cart.merge.CartMerge;
import io.dynacart.cart.merge.CartState;
import io.dynacart.cart.merge.Tag;
import io.dynacart.cart.service.CartService;
import io.dynacart.store.api.GetResult;
import io.dynacart.store.api.KvStore;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Context;
import io.dynacart.store.versioning.Versioned;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One of a shopper's two devices (a phone, a laptop): its own cart service over a store coordinated
 * by its own node. A device has at most one request out at a time, so the last read it made of its
 * cart is the read its current change is based on — which tells whether a remove saw the item.
 */
final class Device {

    final CartId cart;
    final CartService service;
    private final Recording store;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile List<ProductId> lastSeen = List.of();

    Device(CartId cart, CartService service, Recording store) {
        this.cart = cart;
        this.service = service;
        this.store = store;
    }

    boolean tryAcquire() {
        return busy.compareAndSet(false, true);
    }

    void release() {
        busy.set(false);
    }

    /** The items of the last cart view this device got. */
    List<ProductId> lastSeen() {
        return lastSeen;
    }

    void saw(CartView view) {
        lastSeen = view.lines().stream().map(l -> l.product().id()).toList();
    }

    /**
     * The items the last read of the cart held in any sibling, decoded with {@code policy}
     * independently of the service: what the change based on that read could have removed.
     */
    Set<ProductId> itemsInLastRead(CartMerge<?> policy) {
        Set<ProductId> items = new HashSet<>();
        lastReadStates(policy).forEach(state -> items.addAll(state.quantities().keySet()));
        return items;
    }

    /** Every add's tag in any sibling of the last read of the cart: the adds a change based on it saw. */
    Set<Tag> tagsInLastRead(CartMerge<?> policy) {
        Set<Tag> tags = new HashSet<>();
        lastReadStates(policy).forEach(state -> tags.addAll(state.lines().tags()));
        return tags;
    }

    /**
     * The tags of {@code item} in the last cart this device wrote that its last read did not hold:
     * the tag of the add or set-quantity that write made (the service does not return it).
     */
    Set<Tag> newTagsInLastWrite(ProductId item, CartMerge<?> policy) {
        byte[] written = store.lastWrite;
        if (written == null) {
            return Set.of();
        }
        Set<Tag> tags = new HashSet<>(policy.decodeAny(written).lines().items()
                .getOrDefault(item, Collections.emptySortedMap()).keySet());
        tags.removeAll(tagsInLastRead(policy));
        return tags;
    }

    private List<CartState> lastReadStates(CartMerge<?> policy) {
        GetResult read = store.lastRead;
        List<CartState> states = new ArrayList<>();
        if (read != null) {
            for (Versioned<Value> v : read.siblings()) {
                if (v.value() instanceof Value.Bytes bytes) {
                    states.add(policy.decodeAny(bytes.toByteArray()));
                }
            }
        }
        return states;
    }

    /** A store that remembers the last read and the last write of the cart key. */
    static final class Recording implements KvStore {
        private final KvStore inner;
        private final Key cartKey;
        private volatile GetResult lastRead;
        private volatile byte[] lastWrite;

        Recording(KvStore inner, Key cartKey) {
            this.inner = inner;
            this.cartKey = cartKey;
        }

        @Override
        public Quorum defaultQuorum() {
            return inner.defaultQuorum();
        }

        @Override
        public Quorum defaultQuorum(Namespace namespace) {
            return inner.defaultQuorum(namespace);
        }

        @Override
        public CompletableFuture<GetResult> get(Key key, Quorum quorum) {
            return inner.get(key, quorum).thenApply(r -> {
                if (key.equals(cartKey)) {
                    lastRead = r;
                }
                return r;
            });
        }

        @Override
        public CompletableFuture<Context> put(Key key, Context context, byte[] value, Quorum quorum) {
            if (key.equals(cartKey)) {
                lastWrite = value.clone();
            }
            return inner.put(key, context, value, quorum);
        }

        @Override
        public CompletableFuture<Context> delete(Key key, Context context, Quorum quorum) {
            return inner.delete(key, context, quorum);
        }
    }
}
