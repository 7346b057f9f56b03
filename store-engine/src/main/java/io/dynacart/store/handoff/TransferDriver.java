package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.membership.RingTransition;
import io.dynacart.store.membership.TransferKey;
import io.dynacart.store.ring.PartitionId;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Follows ring transitions for one node: when the view holds a transition that makes this node a
 * new replica of some partitions, asks the {@link TransferManager} to pull them, and marks each one
 * done in the view once it is merged here (gossip spreads the mark; the ring switches when every
 * receiver's marks are in). A failed partition is asked for again at the next check.
 *
 * <p>Confined to the node's event loop.
 */
public final class TransferDriver {

    private final NodeId self;
    private final TransferManager transfers;
    private final Supplier<MembershipView> view;
    private final Consumer<TransferKey> markDone;
    private final Predicate<PartitionId> held;
    private long ringVersion = -1;

    public TransferDriver(NodeId self, TransferManager transfers, Supplier<MembershipView> view,
                          Consumer<TransferKey> markDone) {
        this(self, transfers, view, markDone, p -> false);
    }

    /**
     * A driver that does not start pulling a partition while {@code held} says so: while this node's
     * {@link Reclaimer} has a batch of it in flight, which could forget keys as they arrive. It asks
     * again at the next check (the reclaimer calls for one when its drop ends).
     */
    public TransferDriver(NodeId self, TransferManager transfers, Supplier<MembershipView> view,
                          Consumer<TransferKey> markDone, Predicate<PartitionId> held) {
        this.self = Objects.requireNonNull(self, "self");
        this.transfers = Objects.requireNonNull(transfers, "transfers");
        this.view = Objects.requireNonNull(view, "view");
        this.markDone = Objects.requireNonNull(markDone, "markDone");
        this.held = Objects.requireNonNull(held, "held");
    }

    /** Starts what the current view asks of this node and is not running or done yet. */
    public void check() {
        MembershipView v = view.get();
        if (v.ring().version() != ringVersion) {
            // A new ring: what was received for the last transition is now simply this node's data,
            // and a later transition must copy afresh what it asks for.
            ringVersion = v.ring().version();
            for (int i = 0; i < v.ring().partitionCount(); i++) {
                transfers.forget(PartitionId.of(i));
            }
        }
        RingTransition transition = v.transition().orElse(null);
        if (transition == null) {
            return;
        }
        List<Incoming> wanted = TransferPlan.incoming(self, v.ring(), transition.target(), v.n()).stream()
                .filter(in -> !transition.done().contains(new TransferKey(self, in.partition())))
                .toList();
        for (Incoming in : wanted) {
            if (transfers.received(in.partition())) {
                markDone.accept(new TransferKey(self, in.partition()));
            }
        }
        transfers.receive(wanted.stream()
                .filter(in -> !transfers.received(in.partition()) && !held.test(in.partition())).toList());
    }

    /** What the manager reports: a received partition is marked done; a failed one waits for the next check. */
    public void onOutcome(TransferOutcome outcome) {
        if (outcome instanceof TransferOutcome.Received r) {
            markDone.accept(new TransferKey(self, r.partition()));
        }
    }

    /** Whether this node is a current primary of {@code partition}, and so may serve it to receivers. */
    public static boolean serves(NodeId self, MembershipView view, PartitionId partition) {
        return view.ring().preferenceList(partition, view.n()).primaries().contains(self);
    }
}
