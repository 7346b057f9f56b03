package io.dynacart.store.membership;

import static io.dynacart.store.membership.TestViews.N;
import static io.dynacart.store.membership.TestViews.node;
import static io.dynacart.store.membership.TestViews.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Ring;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RingTransitionTest {

    private static final NodeId A = NodeId.of("A");
    private static final NodeId B = NodeId.of("B");
    private static final NodeId C = NodeId.of("C");
    private static final NodeId D = NodeId.of("D");

    private static Ring owned(long version, NodeId... owners) {
        Map<NodeId, Integer> weights = new java.util.TreeMap<>();
        for (NodeId owner : owners) {
            weights.put(owner, 1);
        }
        return new Ring(version, List.of(owners), weights);
    }

    @Test
    void requiredNamesEachNewPrimaryOfEachPartition() {
        Ring current = owned(1, A, B, C, A);
        Ring target = owned(2, A, B, C, D);
        // n = 2. Before: p0 [A,B] p1 [B,C] p2 [C,A] p3 [A,B]. After: p0 [A,B] p1 [B,C] p2 [C,D] p3 [D,A].
        assertThat(RingTransition.required(current, target, 2)).containsExactly(
                new TransferKey(D, PartitionId.of(2)), new TransferKey(D, PartitionId.of(3)));
    }

    @Test
    void aJoinRequiresTransfersOnlyToTheJoiner() {
        Ring current = ring(5);
        Ring target = Claim.join(current, node(6), 1, N);
        Set<TransferKey> required = RingTransition.required(current, target, N);
        assertThat(required).isNotEmpty().allMatch(key -> key.receiver().equals(node(6)),
                "every transfer of a join goes to the joiner");
    }

    @Test
    void aLeaveRequiresNoTransferToTheLeaver() {
        Ring current = ring(5);
        Ring target = Claim.leave(current, node(2), N);
        assertThat(RingTransition.required(current, target, N)).isNotEmpty()
                .noneMatch(key -> key.receiver().equals(node(2)));
    }

    @Test
    void doneOnlyGrowsAndSameTargetsUniteTheirDone() {
        Ring target = owned(2, A, B, C, D);
        TransferKey one = new TransferKey(D, PartitionId.of(2));
        TransferKey two = new TransferKey(D, PartitionId.of(3));
        RingTransition a = RingTransition.to(target).markDone(one);
        RingTransition b = RingTransition.to(target).markDone(two);
        assertThat(RingTransition.merge(a, b).done()).containsExactly(one, two);
        assertThat(RingTransition.merge(a, b)).isEqualTo(RingTransition.merge(b, a));
    }

    @Test
    void ofTwoTargetsOfOneVersionBothSidesPickTheSame() {
        RingTransition a = RingTransition.to(owned(2, A, B, C, D)).markDone(new TransferKey(D, PartitionId.of(2)));
        RingTransition b = RingTransition.to(owned(2, A, B, D, C));
        assertThat(RingTransition.merge(a, b)).isEqualTo(RingTransition.merge(b, a)).isIn(a, b);
        assertThat(RingTransition.merge(a, RingTransition.to(owned(3, A, A, A, A))).target().version())
                .as("a later target version wins").isEqualTo(3);
    }

    @Test
    void aDoneTransferOutsideTheTargetIsRejected() {
        assertThatThrownBy(() -> RingTransition.to(owned(2, A, B)).markDone(new TransferKey(A, PartitionId.of(2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the 2 of the target ring");
    }
}
