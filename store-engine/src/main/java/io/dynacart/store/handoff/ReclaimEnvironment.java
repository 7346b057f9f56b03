package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.storage.Storage;
import io.dynacart.store.time.Clock;
import io.dynacart.store.time.OffLoop;
import io.dynacart.store.time.Scheduler;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a {@link Reclaimer} reaches the world through, injected so that the same code runs on
 * threads and SQLite or in the simulator.
 *
 * @param storage      the node's storage, through the decorator that keeps its Merkle trees current
 * @param offLoop      where the steps that read and write the disk run, away from the event loop
 * @param view         the node's membership view now
 * @param reachable    whether requests may go to a node now (failure detection)
 * @param transferring whether a transfer of a partition from or to this node is under way
 * @param hinted       the partitions this node keeps hints for keys of, now
 * @param share        the node's background share, in (0, 1]: the pause between steps is divided by it
 */
public record ReclaimEnvironment(NodeId self, Storage storage, Scheduler scheduler, Clock clock, OffLoop offLoop,
                                 Supplier<MembershipView> view, Predicate<NodeId> reachable,
                                 Predicate<PartitionId> transferring, Supplier<Set<PartitionId>> hinted,
                                 DoubleSupplier share) {

    public ReclaimEnvironment {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(offLoop, "offLoop");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(reachable, "reachable");
        Objects.requireNonNull(transferring, "transferring");
        Objects.requireNonNull(hinted, "hinted");
        Objects.requireNonNull(share, "share");
    }
}
