package io.dynacart.cart.merge;

import java.util.TreeMap;

/**
 * The observed-remove cart, the default: an OR-map of tagged adds with a causal context (the set of
 * tags each replica has seen, see {@link CausalContext}).
 *
 * <p>A merge keeps an add that both sides hold, and an add that one side holds and the other has
 * never seen. It drops an add that one side holds and the other has seen but no longer holds: the
 * other side removed it. So:
 * <ul>
 *   <li>concurrent adds of one item are both kept, and their quantities sum;</li>
 *   <li>a set-quantity (remove what was seen, add one new tagged add) is not lost, and a concurrent
 *       add on top of it still counts: 2 set to 5 on one side, +1 on the other, merges to 6;</li>
 *   <li>a remove takes away exactly the adds the remover saw; the item comes back only if someone
 *       added it concurrently, and then with only that concurrent add's quantity.</li>
 * </ul>
 * Removes need no tag of their own: what identifies a remove is the set of adds it saw, which the
 * remover's causal context records.
 */
public final class ObservedRemove implements CartMerge<ObservedRemoveCart> {

    public static final ObservedRemove INSTANCE = new ObservedRemove();

    private ObservedRemove() {}

    @Override
    public String name() {
        return "observed-remove";
    }

    @Override
    public ObservedRemoveCart empty() {
        return ObservedRemoveCart.EMPTY;
    }

    @Override
    public ObservedRemoveCart apply(ObservedRemoveCart state, CartOp op) {
        TaggedLines lines = state.lines();
        if (op instanceof CartOp.Add add) {
            requireFresh(state, add.tag());
            return new ObservedRemoveCart(lines.with(add.item(), add.tag(), add.quantity()), state.seen().with(add.tag()));
        } else if (op instanceof CartOp.Remove remove) {
            return new ObservedRemoveCart(lines.without(remove.item()), state.seen());
        } else if (op instanceof CartOp.SetQuantity set) {
            requireFresh(state, set.tag());
            TaggedLines cleared = lines.without(set.item());
            TaggedLines next = set.quantity() == 0 ? cleared : cleared.with(set.item(), set.tag(), set.quantity());
            return new ObservedRemoveCart(next, state.seen().with(set.tag()));
        }
        throw new IllegalStateException("unhandled cart operation " + op);
    }

    private static void requireFresh(ObservedRemoveCart state, Tag tag) {
        if (state.seen().contains(tag)) {
            throw new IllegalArgumentException("tag " + tag + " was already seen by this cart; tags must be unique");
        }
    }

    @Override
    public ObservedRemoveCart merge(ObservedRemoveCart a, ObservedRemoveCart b) {
        TaggedLines lines = TaggedLines.join(a.lines(), b.lines(),
                (tag, fromA) -> !(fromA ? b.seen() : a.seen()).contains(tag));
        return new ObservedRemoveCart(lines, a.seen().union(b.seen()));
    }

    @Override
    public byte[] encode(ObservedRemoveCart state) {
        return CartCodec.encode(state);
    }

    @Override
    public ObservedRemoveCart decode(byte[] bytes) {
        return CartCodec.decodeObservedRemove(bytes);
    }

    @Override
    public ObservedRemoveCart decodeAny(byte[] bytes) {
        if (CartCodec.policyOf(bytes) == CartCodec.PAPER) {
            TaggedLines lines = CartCodec.decodePaper(bytes).lines();
            return new ObservedRemoveCart(lines, new CausalContext(new TreeMap<>(), lines.tags()));
        }
        return decode(bytes);
    }
}
