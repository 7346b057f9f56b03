package io.dynacart.cart.merge;

import io.dynacart.cart.CartView;
import io.dynacart.cart.Product;
import io.dynacart.cart.ProductId;
import java.util.List;
import io.dynacart.cart.codec.CartFormatException;
import java.util.Map;

/**
 * A merge policy: how a device changes its replica of a cart, and how divergent replicas (the
 * store's siblings) reconcile. Chosen per cart store; both are shipped so the demo can show the
 * difference.
 *
 * <p>What must hold, for both (checked by properties): {@link #merge} is commutative, associative
 * and idempotent, so siblings may be merged in any order and grouping; and a merge never drops an
 * add that the other side had not removed.
 *
 * @param <S> the policy's state
 */
public sealed interface CartMerge<S extends CartState> permits Paper, ObservedRemove {

    /** The policy a cart store uses unless told otherwise. */
    static CartMerge<ObservedRemoveCart> defaultPolicy() {
        return ObservedRemove.INSTANCE;
    }

    /** The policy called {@code name} ({@code paper} or {@code observed-remove}). */
    static CartMerge<?> named(String name) {
        if (Paper.INSTANCE.name().equals(name)) {
            return Paper.INSTANCE;
        }
        if (ObservedRemove.INSTANCE.name().equals(name)) {
            return ObservedRemove.INSTANCE;
        }
        throw new IllegalArgumentException("no merge policy \"" + name + "\"; there are \"paper\" and \"observed-remove\"");
    }

    String name();

    S empty();

    /**
     * {@code op} applied to {@code state}.
     *
     * @throws IllegalArgumentException if an add or set reuses a tag this state has seen
     */
    S apply(S state, CartOp op);

    S merge(S a, S b);

    /** Serialises {@code state} for the store. */
    byte[] encode(S state);

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws CartFormatException for anything else, including another policy's bytes
     */
    S decode(byte[] bytes);

    /**
     * Reads a stored cart of either policy as this policy's state, so that a store whose policy was
     * switched keeps its carts: a paper cart read as observed-remove has seen exactly its live adds;
     * an observed-remove cart read as paper keeps its live adds and forgets what it removed.
     *
     * @throws CartFormatException if the bytes are no cart of any policy
     */
    S decodeAny(byte[] bytes);

    /** All of {@code states} merged; the empty cart for none. */
    default S mergeAll(List<S> states) {
        S out = empty();
        for (S s : states) {
            out = merge(out, s);
        }
        return out;
    }

    default S applyAll(S state, List<CartOp> ops) {
        S out = state;
        for (CartOp op : ops) {
            out = apply(out, op);
        }
        return out;
    }

    /** The page's view of {@code state}; see {@link CartView#of}. */
    default CartView view(S state, Map<ProductId, Product> catalog, String currency, int versionsMerged) {
        return CartView.of(state.quantities(), catalog, currency, versionsMerged);
    }
}
