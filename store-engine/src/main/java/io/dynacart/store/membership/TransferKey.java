package io.dynacart.store.membership;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.PartitionId;
import java.util.Comparator;
import java.util.Objects;

/** One data transfer of a ring transition: {@code receiver} must hold {@code partition}'s data. */
public record TransferKey(NodeId receiver, PartitionId partition) implements Comparable<TransferKey> {

    private static final Comparator<TransferKey> ORDER =
            Comparator.comparing(TransferKey::partition).thenComparing(TransferKey::receiver);

    public TransferKey {
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(partition, "partition");
    }

    /** By partition, then receiver: the canonical order of the wire form. */
    @Override
    public int compareTo(TransferKey other) {
        return ORDER.compare(this, other);
    }
}
