package io.dynacart.loadgen.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.cart.ProductId;
import io.dynacart.cart.merge.Tag;
import io.dynacart.loadgen.workload.CartLedger.Kind;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CartLedgerTest {

    private static final ProductId KETTLE = ProductId.of("kettle");
    private static final ProductId HONEY = ProductId.of("honey");

    @Test
    void acknowledgedAddsNoRemoveCouldSeeMustAllBeThere() {
        CartLedger l = new CartLedger();
        l.record(Kind.ADD, KETTLE, 2, 0, 10, true, Set.of());
        l.record(Kind.ADD, KETTLE, 1, 5, 15, true, Set.of());
        l.record(Kind.ADD, HONEY, 3, 20, 30, false, Set.of()); // not acknowledged: not owed
        assertThat(l.judge("c", Map.of(KETTLE, 3L)).lostLines()).isZero();
        CartLedger.Judgement short1 = l.judge("c", Map.of(KETTLE, 2L));
        assertThat(short1.lostLines()).isEqualTo(1);
        assertThat(short1.lostUnits()).isEqualTo(1);
        assertThat(short1.checkedAdds()).isEqualTo(2);
        assertThat(short1.problems()).singleElement().asString().contains("kettle holds 2 units");
    }

    @Test
    void anAddARemoveMayHaveSeenIsNotOwedButOneBegunAfterItEndedIs() {
        CartLedger l = new CartLedger();
        l.record(Kind.ADD, KETTLE, 2, 0, 10, true, Set.of());      // before the remove ended: maybe removed
        l.record(Kind.REMOVE, KETTLE, 0, 12, 20, true, Set.of(KETTLE));
        l.record(Kind.ADD, KETTLE, 1, 21, 30, true, Set.of());     // began after the remove ended: owed
        CartLedger.Judgement j = l.judge("c", Map.of(KETTLE, 1L));
        assertThat(j.lostLines()).isZero();
        assertThat(j.checkedAdds()).isEqualTo(1);
        assertThat(j.maybeRemoved()).isEqualTo(1);
        assertThat(l.judge("c", Map.of()).lostUnits()).isEqualTo(1);
    }

    @Test
    void aCheckoutRemovesEveryItemAndARemoveThatSawAnItemCountsWhenItComesBack() {
        CartLedger l = new CartLedger();
        l.record(Kind.ADD, HONEY, 1, 0, 5, true, Set.of());
        l.record(Kind.CHECKOUT, null, 0, 6, 9, true, Set.of(HONEY));
        assertThat(l.judge("c", Map.of()).lostLines()).as("the checkout may have taken the honey").isZero();
        l.record(Kind.ADD, KETTLE, 1, 0, 5, true, Set.of());
        assertThat(l.judge("c", Map.of()).lostLines()).as("its read held no kettle, so the kettle is owed").isEqualTo(1);

        CartLedger r = new CartLedger();
        r.record(Kind.ADD, KETTLE, 1, 0, 5, true, Set.of());
        r.record(Kind.REMOVE, KETTLE, 0, 6, 9, true, Set.of(KETTLE));
        assertThat(r.judge("c", Map.of(KETTLE, 1L)).back()).isEqualTo(1);
        assertThat(r.judge("c", Map.of()).back()).isZero();
        r.record(Kind.ADD, KETTLE, 1, 7, 12, false, Set.of()); // an add concurrent with the remove explains a return
        assertThat(r.judge("c", Map.of(KETTLE, 1L)).removesObserved()).isZero();
    }

    @Test
    void withTagsKnownAnAddIsOwedUnlessARemovesReadHeldItsTag() {
        Tag mine = Tag.of("phone-1", 1);
        Tag other = Tag.of("laptop-1", 4);
        CartLedger l = new CartLedger();
        l.record(Kind.ADD, KETTLE, 2, 0, 10, true, Set.of(), Set.of(mine));
        // A remove of the kettle that ended later but whose read held only another add of it.
        l.record(Kind.REMOVE, KETTLE, 0, 5, 20, true, Set.of(KETTLE), Set.of(other));
        CartLedger.Judgement gone = l.judge("c", Map.of(), Set.of());
        assertThat(gone.lostLines()).as("the remove never saw this add, so it must still be there").isEqualTo(1);
        assertThat(gone.problems()).singleElement().asString().contains("phone-1:1");
        assertThat(l.judge("c", Map.of(KETTLE, 2L), Set.of(mine)).lostLines()).isZero();

        l.record(Kind.CHECKOUT, null, 0, 30, 40, true, Set.of(KETTLE), Set.of(mine));
        CartLedger.Judgement seen = l.judge("c", Map.of(), Set.of());
        assertThat(seen.lostLines()).as("a checkout whose read held the add may take it").isZero();
        assertThat(seen.maybeRemoved()).isEqualTo(1);
    }
}
