package io.dynacart.loadgen.workload;

import java.util.List;

/**
 * The cart workload's verdict. An acknowledged add is <em>checked</em> when no remove, set-quantity or
 * checkout based on a read that held it (its tag) exists, so it must be in the final cart; the others
 * are counted as {@code addsMaybeRemoved}. See {@link CartLedger}.
 *
 * @param lostAdds         checked acknowledged adds missing from the final cart (plus, for adds whose
 *                         tag is unknown, cart lines short of their units): must be 0
 * @param lostUnits        the units missing across those lines
 * @param removesObserved  lines whose last acknowledged remove saw the item and had no add of it
 *                         concurrent with or after it
 * @param removedItemsBack of those, the items present at the end anyway (the paper's merge brings
 *                         some back; observed-remove none)
 * @param unconvergedCarts carts whose two devices still read differently, or read several versions,
 *                         at the deadline
 * @param unanswered       requests the store had not answered (neither acknowledged nor failed) when the
 *                         read-back began; their changes count as in doubt
 */
public record CartCorrectness(String policy, int carts, long acknowledgedAdds, long checkedAdds, long addsMaybeRemoved,
                              long lostAdds, long lostUnits, long removesObserved, long removedItemsBack,
                              int unconvergedCarts, int unanswered, long convergeMillis, List<String> examples) implements Correctness {

    public CartCorrectness {
        examples = List.copyOf(examples);
    }

    @Override
    public boolean passed() {
        return lostAdds == 0 && unconvergedCarts == 0;
    }

    @Override
    public String summary() {
        return String.format("lost_adds=%d (of %d checked acknowledged adds; %d more may have been removed), "
                        + "removed items back=%d of %d (%s), unconverged carts=%d, requests never answered=%d, converged in %.1f s",
                lostAdds, checkedAdds, addsMaybeRemoved, removedItemsBack, removesObserved, policy, unconvergedCarts,
                unanswered, convergeMillis / 1000.0);
    }
}
