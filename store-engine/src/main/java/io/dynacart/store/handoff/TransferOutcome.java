package io.dynacart.store.handoff;

import io.dynacart.store.ring.PartitionId;
import java.util.Objects;

/** How the transfer of one partition ended: what the membership view needs to switch ownership, or not. */
public sealed interface TransferOutcome {

    PartitionId partition();

    /** Every key of the partition, as some source held it during the transfer, is merged into this node's storage. */
    record Received(PartitionId partition, long keys, long bytes) implements TransferOutcome {
        public Received {
            Objects.requireNonNull(partition, "partition");
        }
    }

    /**
     * No source finished the transfer: each refused or stayed silent through its attempts, or storage
     * failed. What was merged stays (merging only adds); asking again starts over from the first key, which is safe.
     */
    record Failed(PartitionId partition, String reason) implements TransferOutcome {
        public Failed {
            Objects.requireNonNull(partition, "partition");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
