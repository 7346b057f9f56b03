package io.dynacart.store.membership;

import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.Ring;
import java.util.Objects;

/**
 * The operator's membership changes as pure functions of a view (paper, section 4.8.1: an administrator
 * explicitly adds and removes nodes, and, here, changes a node's weight). Each starts a {@link RingTransition} to the ring {@link Claim}
 * computes; gossip spreads it and data transfers complete it. Pass them to
 * {@link Gossiper#propose}.
 *
 * <p>Only one transition at a time: a second one would be computed from a ring that is about to
 * change, so it is refused until the first completes.
 */
public final class Proposals {

    private Proposals() {
    }

    /**
     * {@code view} with a transition that adds {@code node} with {@code weight}, in the zone its
     * member entry names.
     *
     * @throws IllegalStateException    if a transition is in progress
     * @throws IllegalArgumentException if the node is unknown (start it with seeds first, so its entry and
     *                                  addresses gossip) or already in the ring
     */
    public static MembershipView join(MembershipView view, NodeId node, int weight) {
        checkNoTransition(view, "join " + node);
        checkKnown(view, node);
        Ring target = Claim.join(view.ring(), node, weight, view.members().get(node).zone(), view.n());
        return view.withTransition(RingTransition.to(target));
    }

    /**
     * {@code view} with a transition that removes {@code node}; it keeps serving until the transition
     * completes, when every partition it held has reached its new replicas.
     *
     * @throws IllegalStateException    if a transition is in progress
     * @throws IllegalArgumentException if the node is not in the ring, or is its last node
     */
    public static MembershipView leave(MembershipView view, NodeId node) {
        checkNoTransition(view, "remove " + node);
        Ring target = Claim.leave(view.ring(), Objects.requireNonNull(node, "node"), view.n());
        return view.withTransition(RingTransition.to(target));
    }

    /**
     * {@code view} with a transition that gives {@code node} the weight {@code weight}: partitions move
     * to it (a higher weight) or from it (a lower one) by partition transfer, as for a join or leave,
     * and the ring switches once they have.
     *
     * @throws IllegalStateException    if a transition is in progress
     * @throws IllegalArgumentException if the node is not in the ring or already has that weight
     */
    public static MembershipView reweight(MembershipView view, NodeId node, int weight) {
        checkNoTransition(view, "re-weight " + node);
        Ring target = Claim.reweight(view.ring(), Objects.requireNonNull(node, "node"), weight, view.n());
        return view.withTransition(RingTransition.to(target));
    }

    private static void checkNoTransition(MembershipView view, String what) {
        view.transition().ifPresent(t -> {
            throw new IllegalStateException("cannot " + what + ": the ring is moving from version "
                    + view.ring().version() + " to " + t.target().version() + " and " + view.remainingTransfers().size()
                    + " of " + view.requiredTransfers().size() + " transfers are still to do; try again when it completes");
        });
    }

    private static void checkKnown(MembershipView view, NodeId node) {
        if (!view.members().containsKey(Objects.requireNonNull(node, "node"))) {
            throw new IllegalArgumentException("node " + node + " is not a known member; start it with the seeds"
                    + " so that its entry reaches this node first");
        }
    }

    /**
     * {@code view} with {@code requested} as its namespace's config: a new namespace at version 1, a
     * changed one at the known version plus one, an unchanged one as it is (so repeating a request
     * changes nothing). The version of {@code requested} is ignored.
     *
     * @throws IllegalArgumentException if it is the default namespace, or asks for more replicas than
     *                                  the cluster keeps ({@link MembershipView#n()})
     */
    public static MembershipView defineNamespace(MembershipView view, NamespaceConfig requested) {
        if (requested.namespace().isDefault()) {
            throw new IllegalArgumentException("the default namespace is the cluster's own and cannot be changed");
        }
        if (requested.quorum().n() > view.n()) {
            throw new IllegalArgumentException("namespace " + requested.namespace() + " asks for N="
                    + requested.quorum().n() + "; this cluster keeps at most N=" + view.n() + " replicas of a key");
        }
        NamespaceConfig known = view.namespaces().get(requested.namespace()).orElse(null);
        if (known != null && known.sameSettings(requested)) {
            return view;
        }
        return view.withNamespace(requested.withVersion(known == null ? 1 : known.version() + 1));
    }
}
