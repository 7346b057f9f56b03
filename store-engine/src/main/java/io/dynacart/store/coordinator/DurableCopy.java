package io.dynacart.store.coordinator;

import io.dynacart.store.identity.NodeId;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which node must hold one put's durable copy in {@link io.dynacart.store.storage.Durability#ONE}
 * mode (paper, section 6.1: one of the N replicas persists the write, the others buffer it): pure
 * bookkeeping for {@link PutOperation}, no waiting.
 *
 * <p>The copy is first asked of one node (the coordinator's own); a stand-in asked for that node, or
 * for one of its stand-ins, is asked to force the write too and its acknowledgement makes the copy.
 * The put may answer its client only once one of them acknowledged. So a client told "written" has
 * its write forced to disk on one node, even when the node first asked failed meanwhile.
 */
final class DurableCopy {

    /** Modes other than ONE: every acknowledgement is as durable as the mode makes it; none is awaited in particular. */
    static final DurableCopy NOT_NEEDED = new DurableCopy(null);

    private final Set<NodeId> holders = new LinkedHashSet<>();

    private DurableCopy(NodeId first) {
        if (first != null) {
            holders.add(first);
        }
    }

    /** The copy is asked of {@code first}. */
    static DurableCopy at(NodeId first) {
        return new DurableCopy(first);
    }

    /** Whether a write to {@code node} must be forced to disk before it is acknowledged. */
    boolean isCopy(NodeId node) {
        return holders.contains(node);
    }

    /** {@code standIn} was asked in place of the silent {@code silent}: if that was to hold the copy, so is it. */
    void standIn(NodeId silent, NodeId standIn) {
        if (holders.contains(silent)) {
            holders.add(standIn);
        }
    }

    /** Whether the copy is made: one of the nodes asked for it {@code acked}, or none is needed. */
    boolean made(Predicate<NodeId> acked) {
        return this == NOT_NEEDED || holders.stream().anyMatch(acked);
    }
}
