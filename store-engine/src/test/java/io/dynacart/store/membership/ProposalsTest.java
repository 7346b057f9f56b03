package io.dynacart.store.membership;

import static io.dynacart.store.membership.TestViews.cluster;
import static io.dynacart.store.membership.TestViews.member;
import static io.dynacart.store.membership.TestViews.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.api.NamespaceChange;
import io.dynacart.store.api.NamespaceConfig;
import io.dynacart.store.api.Quorum;
import io.dynacart.store.identity.Namespace;
import io.dynacart.store.ring.Claim;
import org.junit.jupiter.api.Test;

class ProposalsTest {

    @Test
    void aJoinStartsATransitionToClaimsNextRing() {
        MembershipView view = cluster(5).withMember(member(6, 1, 0));
        MembershipView joining = Proposals.join(view, node(6), 2);
        assertThat(joining.transition().orElseThrow().target())
                .isEqualTo(Claim.join(view.ring(), node(6), 2, view.n()));
        assertThat(joining.ring()).as("the ring itself waits for the transfers").isEqualTo(view.ring());
    }

    @Test
    void aSecondProposalIsRefusedWhileATransitionIsInProgress() {
        MembershipView joining = Proposals.join(cluster(5).withMember(member(6, 1, 0)), node(6), 1);
        int required = joining.requiredTransfers().size();
        assertThatThrownBy(() -> Proposals.leave(joining, node(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot remove n1: the ring is moving from version 1 to 2 and " + required + " of " + required
                        + " transfers are still to do; try again when it completes");
    }

    @Test
    void aReweightStartsATransitionToClaimsReweightedRing() {
        MembershipView view = cluster(5);
        MembershipView reweighting = Proposals.reweight(view, node(2), 3);
        assertThat(reweighting.transition().orElseThrow().target())
                .isEqualTo(Claim.reweight(view.ring(), node(2), 3, view.n()));
        assertThat(reweighting.transition().orElseThrow().target().weights().get(node(2))).isEqualTo(3);
        assertThat(reweighting.requiredTransfers()).as("partitions move to the heavier node")
                .anyMatch(t -> t.receiver().equals(node(2)));
        assertThatThrownBy(() -> Proposals.reweight(reweighting, node(3), 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot re-weight n3: the ring is moving from version 1 to 2");
        assertThatThrownBy(() -> Proposals.reweight(view, node(2), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node n2 already has weight 1");
        assertThatThrownBy(() -> Proposals.reweight(view, node(9), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n9 is not in the ring");
    }

    @Test
    void anUnknownNodeCannotJoin() {
        assertThatThrownBy(() -> Proposals.join(cluster(5), node(6), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n6 is not a known member");
    }

    @Test
    void leavingTheRingOfOneIsRefusedByClaim() {
        assertThatThrownBy(() -> Proposals.leave(cluster(1), node(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("last node");
    }

    @Test
    void aNamespaceIsMadeAtVersionOneAndEachRealChangeAddsOne() {
        Namespace cart = Namespace.of("cart");
        NamespaceConfig asked = NamespaceChange.of(cart).applyTo(null, Quorum.DEFAULT);
        MembershipView made = Proposals.defineNamespace(cluster(5), asked);
        assertThat(made.namespaces().get(cart).orElseThrow().version()).isEqualTo(1);
        assertThat(Proposals.defineNamespace(made, asked)).as("the same settings again change nothing").isSameAs(made);
        MembershipView changed = Proposals.defineNamespace(made, asked.withTtlSeconds(60));
        assertThat(changed.namespaces().get(cart).orElseThrow().version()).isEqualTo(2);
        assertThat(made.merge(changed).namespaces().get(cart).orElseThrow().ttlSeconds()).isEqualTo(60);
    }

    @Test
    void aNamespaceMayNotAskForMoreReplicasThanTheClusterKeeps() {
        NamespaceConfig five = NamespaceChange.of(Namespace.of("orders")).applyTo(null, new Quorum(5, 3, 3));
        assertThatThrownBy(() -> Proposals.defineNamespace(cluster(5), five))
                .hasMessageContaining("asks for N=5; this cluster keeps at most N=3");
    }
}
