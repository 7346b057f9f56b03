package io.dynacart.store.handoff;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.membership.MembershipView;
import io.dynacart.store.ring.PartitionId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a node may drop its copy of a partition (paper, section 4.9: once the new owners hold it,
 * the old one may delete it), as a pure function of what the node knows, tested with tables. A
 * partition is dropped only when none of these holds it back, checked in this order:
 * <ol>
 *   <li>{@link Hold#REPLICA}: the node is one of the partition's first n nodes in the ring in force
 *       (zones included: the ring's preference list decides);</li>
 *   <li>{@link Hold#TRANSITION}: a ring change is under way: the node may be a replica of it in the
 *       target ring, or a source its new owners pull from, and the ring in force can still change
 *       under the drop;</li>
 *   <li>{@link Hold#SETTLING}: the ring in force is newer than the settle time, or some node of it
 *       was out of reach within it: a node that has not heard of this ring yet (one that was down
 *       through the change) may still route writes and reads here as to a replica, by the ring
 *       before;</li>
 *   <li>{@link Hold#TRANSFER}: a transfer of the partition from or to this node is unfinished (a
 *       chunk being read for a receiver, a pull of it under way);</li>
 *   <li>{@link Hold#HINTS}: this node keeps hints for keys of the partition that are not delivered
 *       yet: it still acts for the partition as a fallback, and waits until its hints are home.</li>
 * </ol>
 * The transition's completion itself says every new replica has the partition: the ring switches
 * only once every receiver has marked its copy done, after what it merged was durable.
 */
public final class ReclaimRules {

    /** Why a partition this node holds data of is kept for now. */
    public enum Hold {
        REPLICA, TRANSITION, SETTLING, TRANSFER, HINTS;

        /** The JSON form: the name in lower case. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What the node knows when it decides.
     *
     * @param self          this node
     * @param view          its membership view: the ring in force, a transition if any, n
     * @param settledMillis how long the ring in force has been in force here with every node of it
     *                      in reach
     * @param transferring  partitions a transfer from or to this node is under way for
     * @param hinted        partitions this node keeps hints for keys of
     */
    public record Facts(NodeId self, MembershipView view, long settledMillis, Set<PartitionId> transferring,
                        Set<PartitionId> hinted) {
        public Facts {
            Objects.requireNonNull(self, "self");
            Objects.requireNonNull(view, "view");
            transferring = Set.copyOf(transferring);
            hinted = Set.copyOf(hinted);
        }
    }

    private ReclaimRules() {
    }

    /** What keeps {@code partition} here, or empty when it may be dropped after a settle time of {@code settleMillis}. */
    public static Optional<Hold> hold(PartitionId partition, Facts facts, long settleMillis) {
        MembershipView view = facts.view();
        if (view.ring().preferenceList(partition, view.n()).primaries().contains(facts.self())) {
            return Optional.of(Hold.REPLICA);
        }
        if (view.transition().isPresent()) {
            return Optional.of(Hold.TRANSITION);
        }
        if (facts.settledMillis() < settleMillis) {
            return Optional.of(Hold.SETTLING);
        }
        if (facts.transferring().contains(partition)) {
            return Optional.of(Hold.TRANSFER);
        }
        if (facts.hinted().contains(partition)) {
            return Optional.of(Hold.HINTS);
        }
        return Optional.empty();
    }
}
