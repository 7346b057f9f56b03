package io.dynacart.cart.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.cart.ProductId;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quantity rules each policy's Javadoc states, as worked examples. */
class CartMergeTest {

    private static final ProductId BOOK = ProductId.of("book");

    private static <S extends CartState> S base(CartMerge<S> p, int units) {
        return p.apply(p.empty(), new CartOp.Add(BOOK, units, Tag.of("base", 1)));
    }

    @Test
    void concurrentAddsOfOneItemBothCountUnderBothPolicies() {
        for (CartMerge<?> p : new CartMerge<?>[] {Paper.INSTANCE, ObservedRemove.INSTANCE}) {
            assertThat(twoAdds(p)).as("%s: 1 + 1 + 1 on a base of 1", p.name()).isEqualTo(Map.of(BOOK, 3L));
        }
    }

    private static <S extends CartState> Map<ProductId, Long> twoAdds(CartMerge<S> p) {
        S base = base(p, 1);
        S a = p.apply(base, new CartOp.Add(BOOK, 1, Tag.of("a", 1)));
        S b = p.apply(base, new CartOp.Add(BOOK, 1, Tag.of("b", 1)));
        return p.merge(a, b).quantities();
    }

    @Test
    void paperSetQuantityAgainstAnUntouchedSiblingAddsUp() {
        Paper p = Paper.INSTANCE;
        PaperCart base = base(p, 2);
        PaperCart set = p.apply(base, new CartOp.SetQuantity(BOOK, 5, Tag.of("a", 1)));
        assertThat(p.merge(set, base).quantities()).as("the old add of 2 returns beside the new 5").isEqualTo(Map.of(BOOK, 7L));
    }

    @Test
    void observedRemoveSetQuantityWinsOverTheOldValueAndKeepsAConcurrentAdd() {
        ObservedRemove p = ObservedRemove.INSTANCE;
        ObservedRemoveCart base = base(p, 2);
        ObservedRemoveCart set = p.apply(base, new CartOp.SetQuantity(BOOK, 5, Tag.of("a", 1)));
        ObservedRemoveCart add = p.apply(base, new CartOp.Add(BOOK, 1, Tag.of("b", 1)));
        assertThat(p.merge(set, base).quantities()).isEqualTo(Map.of(BOOK, 5L));
        assertThat(p.merge(set, add).quantities()).as("5, plus the concurrent +1").isEqualTo(Map.of(BOOK, 6L));
    }

    @Test
    void paperRemoveMayReappearButObservedRemoveStaysRemoved() {
        PaperCart paperBase = base(Paper.INSTANCE, 1);
        PaperCart paperRemoved = Paper.INSTANCE.apply(paperBase, new CartOp.Remove(BOOK));
        assertThat(Paper.INSTANCE.merge(paperRemoved, paperBase).quantities())
                .as("paper: the paper's trade-off, a removed item comes back").containsKey(BOOK);

        ObservedRemoveCart orBase = base(ObservedRemove.INSTANCE, 1);
        ObservedRemoveCart orRemoved = ObservedRemove.INSTANCE.apply(orBase, new CartOp.Remove(BOOK));
        assertThat(ObservedRemove.INSTANCE.merge(orRemoved, orBase).quantities()).isEmpty();
    }

    @Test
    void observedRemoveKeepsOnlyTheConcurrentAddAfterARemove() {
        ObservedRemove p = ObservedRemove.INSTANCE;
        ObservedRemoveCart base = base(p, 4);
        ObservedRemoveCart removed = p.apply(base, new CartOp.Remove(BOOK));
        ObservedRemoveCart added = p.apply(base, new CartOp.Add(BOOK, 1, Tag.of("b", 1)));
        assertThat(p.merge(removed, added).quantities()).isEqualTo(Map.of(BOOK, 1L));
    }

    @Test
    void reusingATagIsRefused() {
        ObservedRemove p = ObservedRemove.INSTANCE;
        ObservedRemoveCart removed = p.apply(base(p, 1), new CartOp.Remove(BOOK));
        assertThatThrownBy(() -> p.apply(removed, new CartOp.Add(BOOK, 1, Tag.of("base", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tags must be unique");
    }

    @Test
    void everyPolicyIsNamedAndEveryOperationIsHandled() {
        assertThat(Arrays.stream(CartMerge.class.getPermittedSubclasses()).map(Class::getSimpleName))
                .containsExactlyInAnyOrder("Paper", "ObservedRemove");
        assertThat(CartMerge.named("paper")).isSameAs(Paper.INSTANCE);
        assertThat(CartMerge.named("observed-remove")).isSameAs(CartMerge.defaultPolicy());
        assertThat(Arrays.stream(CartOp.class.getPermittedSubclasses()).map(Class::getSimpleName))
                .as("the ops both apply() methods dispatch on")
                .containsExactlyInAnyOrder("Add", "Remove", "SetQuantity");
    }

    @Test
    void aPolicyRefusesTheOtherPolicysBytes() {
        byte[] paper = Paper.INSTANCE.encode(base(Paper.INSTANCE, 1));
        assertThatThrownBy(() -> ObservedRemove.INSTANCE.decode(paper))
                .isInstanceOf(io.dynacart.cart.codec.CartFormatException.class)
                .hasMessageContaining("policy byte 1 is not 2 (observed-remove)");
    }
}
