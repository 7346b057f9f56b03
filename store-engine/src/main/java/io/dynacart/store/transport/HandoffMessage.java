package io.dynacart.store.transport;

import io.dynacart.store.api.Value;
import io.dynacart.store.identity.Key;
import io.dynacart.store.versioning.Versioned;
import java.util.List;
import java.util.Objects;

/** Hinted handoff (paper, section 4.6): a fallback hands a primary the writes it kept for it. */
public sealed interface HandoffMessage extends Message {

    /** Writes of {@code key} held for you while you were unreachable: merge them, then acknowledge. */
    record DeliverHint(long deliveryId, Key key, List<Versioned<Value>> siblings) implements HandoffMessage {
        public DeliverHint {
            Objects.requireNonNull(key, "key");
            siblings = List.copyOf(siblings);
        }
    }

    /** {@link DeliverHint} {@code deliveryId} is durable on the sender; the hint may go. */
    record HintDeliveryAck(long deliveryId) implements HandoffMessage {
    }
}
