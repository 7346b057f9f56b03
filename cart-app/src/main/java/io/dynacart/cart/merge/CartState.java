package io.dynacart.cart.merge;

import java.util.SortedMap;
import io.dynacart.cart.ProductId;

/** One replica's cart, in the form its policy merges. */
public sealed interface CartState permits PaperCart, ObservedRemoveCart {

    /** The live adds. */
    TaggedLines lines();

    /** Each present item's quantity. */
    default SortedMap<ProductId, Long> quantities() {
        return lines().quantities();
    }
}
