package io.dynacart.store.membership;

import static io.dynacart.store.membership.TestViews.N;
import static io.dynacart.store.membership.TestViews.cluster;
import static io.dynacart.store.membership.TestViews.member;
import static io.dynacart.store.membership.TestViews.members;
import static io.dynacart.store.membership.TestViews.node;
import static io.dynacart.store.membership.TestViews.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Ring;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MembershipViewTest {

    private static MembershipView joining6() {
        MembershipView view = cluster(5).withMember(member(6, 1, 0));
        return Proposals.join(view, node(6), 1);
    }

    @Test
    void statusesFollowTheRingAndTheTransition() {
        MembershipView view = joining6();
        assertThat(view.status(node(6))).isEqualTo(MemberStatus.JOINING);
        assertThat(view.status(node(1))).isEqualTo(MemberStatus.UP);
        MembershipView leaving = Proposals.leave(cluster(5).withMember(member(6, 1, 0)), node(2));
        assertThat(leaving.status(node(2))).isEqualTo(MemberStatus.LEAVING);
        assertThat(leaving.status(node(6))).as("known but in neither ring").isEqualTo(MemberStatus.LEFT);
        assertThat(leaving.statuses()).containsEntry(node(1), MemberStatus.UP).hasSize(6);
    }

    @Test
    void theTransitionCompletesWhenTheLastRequiredTransferIsDone() {
        MembershipView view = joining6();
        List<TransferKey> required = List.copyOf(view.requiredTransfers());
        for (TransferKey key : required.subList(0, required.size() - 1)) {
            view = view.markDone(key);
        }
        assertThat(view.transition()).as("one transfer still to do").isPresent();
        assertThat(view.remainingTransfers()).containsExactly(required.get(required.size() - 1));
        view = view.markDone(required.get(required.size() - 1));
        assertThat(view.transition()).as("complete: the transition goes").isEmpty();
        assertThat(view.ring().version()).isEqualTo(2);
        assertThat(view.status(node(6))).isEqualTo(MemberStatus.UP);
    }

    @Test
    void leaverBecomesLeftWhenTheLeaveCompletes() {
        MembershipView view = Proposals.leave(cluster(5), node(2));
        for (TransferKey key : view.requiredTransfers()) {
            view = view.markDone(key);
        }
        assertThat(view.status(node(2))).isEqualTo(MemberStatus.LEFT);
        assertThat(view.ring().nodes()).doesNotContain(node(2));
    }

    @Test
    void aTransitionNotAboveTheRingIsDropped() {
        Ring target = Claim.join(ring(5), node(6), 1, N);
        MembershipView view = new MembershipView(members(6), target, RingTransition.to(target), N);
        assertThat(view.transition()).isEmpty();
    }

    @Test
    void pendingReplicasAreTheNewPrimariesOnlyWhileMoving() {
        MembershipView view = joining6();
        for (TransferKey key : view.requiredTransfers()) {
            assertThat(view.pendingReplicas(key.partition())).contains(key.receiver());
        }
        int withPending = 0;
        for (int p = 0; p < TestViews.Q; p++) {
            List<?> pending = view.pendingReplicas(PartitionId.of(p));
            assertThat(pending).as("only the joiner is new anywhere").allMatch(node(6)::equals);
            withPending += pending.isEmpty() ? 0 : 1;
        }
        assertThat(withPending).isEqualTo(view.requiredTransfers().size());
        assertThat(cluster(5).pendingReplicas(PartitionId.of(0))).isEmpty();
    }

    @Test
    void theHigherRingVersionWinsAndDropsTheTransitionItPassed() {
        MembershipView moving = joining6();
        MembershipView moved = new MembershipView(members(6), moving.transition().orElseThrow().target(), null, N);
        MembershipView merged = moving.merge(moved);
        assertThat(merged.ring().version()).isEqualTo(2);
        assertThat(merged.transition()).isEmpty();
        assertThat(moved.merge(moving)).isEqualTo(merged);
    }

    @Test
    void doneTransfersMarkedAtDifferentNodesAddUpToCompletion() {
        MembershipView start = joining6();
        List<TransferKey> required = List.copyOf(start.requiredTransfers());
        MembershipView here = start;
        MembershipView there = start;
        for (int i = 0; i < required.size(); i++) {
            if (i % 2 == 0) {
                here = here.markDone(required.get(i));
            } else {
                there = there.markDone(required.get(i));
            }
        }
        assertThat(here.transition()).isPresent();
        assertThat(here.merge(there).transition()).as("neither alone is complete, together they are").isEmpty();
        assertThat(here.merge(there).ring().nodes()).contains(node(6));
    }

    /**
     * The corner the class comment admits: two concurrent proposals for one version, and the one that
     * loses the tie-break completes at a node before the rival reaches it. Merge order may then decide
     * which ring survives, but the views still converge: a completed ring beats every transition of
     * its version.
     */
    @Test
    void concurrentProposalsWhoseLoserCompletesStillConverge() {
        MembershipView base = cluster(5).withMember(member(6, 1, 0));
        MembershipView join = Proposals.join(base, node(6), 1);
        MembershipView leave = Proposals.leave(base, node(5));
        MembershipView winnerOnly = join.merge(leave);
        MembershipView loser = winnerOnly.transition().orElseThrow().target().equals(
                join.transition().orElseThrow().target()) ? leave : join;
        MembershipView loserDone = loser;
        for (TransferKey key : loser.requiredTransfers()) {
            loserDone = loserDone.markDone(key);
        }
        assertThat(loserDone.transition()).as("the loser completed at one node").isEmpty();
        MembershipView[] nodes = {loserDone, winnerOnly, loser};
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < nodes.length; i++) {
                for (int j = 0; j < nodes.length; j++) {
                    nodes[i] = nodes[i].merge(nodes[j]);
                }
            }
        }
        assertThat(nodes[1]).isEqualTo(nodes[0]);
        assertThat(nodes[2]).isEqualTo(nodes[0]);
        assertThat(nodes[0].ring()).as("the completed ring beats the rival transition").isEqualTo(loserDone.ring());
    }

    @Test
    void twoRingsOfOneVersionThatDifferOnlyInZonesMergeAlikeEitherWay() {
        Ring plain = ring(5);
        Map<NodeId, Zone> zones = new TreeMap<>(plain.zones());
        zones.put(node(3), Zone.of("b"));
        Ring zoned = new Ring(plain.version(), plain.owners(), plain.weights(), zones);
        MembershipView a = new MembershipView(members(5), plain, null, N);
        MembershipView b = new MembershipView(members(5), zoned, null, N);

        assertThat(a.merge(b).ring()).as("the tie-break on content covers zones: merge commutes")
                .isEqualTo(b.merge(a).ring());
    }

    @Test
    void viewsOfDifferentClustersDoNotMerge() {
        MembershipView three = cluster(5);
        MembershipView two = new MembershipView(members(5), ring(5), null, 2);
        assertThatThrownBy(() -> three.merge(two)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("views of different clusters");
        assertThatThrownBy(() -> cluster(5).markDone(new TransferKey(node(1), PartitionId.of(0))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no ring transition is in progress");
    }

    @Test
    void theBootstrapRingGivesWayToAnyRealRing() {
        MembershipView fresh = MembershipView.bootstrap(member(9, 1, 0), TestViews.Q, N);
        assertThat(fresh.status(node(9))).isEqualTo(MemberStatus.UP);
        MembershipView learned = fresh.merge(cluster(5));
        assertThat(learned.ring()).isEqualTo(ring(5));
        assertThat(learned.status(node(9))).as("known, not yet joined").isEqualTo(MemberStatus.LEFT);
        assertThat(learned.members()).hasSize(6);
    }

    @Test
    void sameLayoutIgnoresHeartbeatsOnly() {
        MembershipView view = cluster(3);
        assertThat(view.sameLayout(view.withMember(member(1, 1, 7)))).isTrue();
        assertThat(view.sameLayout(view.withMember(member(1, 2, 0)))).as("a restart is a change").isFalse();
        assertThat(view.sameLayout(view.withMember(member(4, 1, 0)))).isFalse();
        assertThat(Set.of(view.merge(view))).containsExactly(view);
    }
}
