package io.dynacart.cart.merge;

/**
 * Dynamo's cart merge (paper, section 4.4): the union of the versions' items. An add is never lost,
 * and a removed item may reappear, the trade-off the paper states.
 *
 * <p>How quantities combine, precisely: a cart is a set of tagged adds, and an item's quantity is the
 * sum of its adds. Merge is the union of the add sets (an add present on both sides counts once). A
 * remove deletes the item's adds on this replica only; it leaves no trace, so a merge with a
 * concurrent version that still holds any of those adds brings them back. A set-quantity is a remove
 * plus one new add, so against a concurrent version that still holds the old adds the quantities
 * add up: 2 set to 5 on one side, untouched on the other, merges to 7. Two concurrent adds of one
 * item both count: 1 + 1 on each side of a base of 1 merges to 3.
 */
public final class Paper implements CartMerge<PaperCart> {

    public static final Paper INSTANCE = new Paper();

    private Paper() {}

    @Override
    public String name() {
        return "paper";
    }

    @Override
    public PaperCart empty() {
        return PaperCart.EMPTY;
    }

    @Override
    public PaperCart apply(PaperCart state, CartOp op) {
        TaggedLines lines = state.lines();
        if (op instanceof CartOp.Add add) {
            requireFresh(lines, add.tag());
            return new PaperCart(lines.with(add.item(), add.tag(), add.quantity()));
        } else if (op instanceof CartOp.Remove remove) {
            return new PaperCart(lines.without(remove.item()));
        } else if (op instanceof CartOp.SetQuantity set) {
            requireFresh(lines, set.tag());
            TaggedLines cleared = lines.without(set.item());
            return new PaperCart(set.quantity() == 0 ? cleared : cleared.with(set.item(), set.tag(), set.quantity()));
        }
        throw new IllegalStateException("unhandled cart operation " + op);
    }

    private static void requireFresh(TaggedLines lines, Tag tag) {
        if (lines.holds(tag)) {
            throw new IllegalArgumentException("tag " + tag + " is already used in this cart; tags must be unique");
        }
    }

    @Override
    public PaperCart merge(PaperCart a, PaperCart b) {
        return new PaperCart(TaggedLines.join(a.lines(), b.lines(), (tag, fromA) -> true));
    }

    @Override
    public byte[] encode(PaperCart state) {
        return CartCodec.encode(state);
    }

    @Override
    public PaperCart decode(byte[] bytes) {
        return CartCodec.decodePaper(bytes);
    }

    @Override
    public PaperCart decodeAny(byte[] bytes) {
        if (CartCodec.policyOf(bytes) == CartCodec.OBSERVED_REMOVE) {
            return new PaperCart(CartCodec.decodeObservedRemove(bytes).lines());
        }
        return decode(bytes);
    }
}
