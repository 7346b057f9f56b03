package io.dynacart.store.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynacart.store.identity.NodeId;
import io.dynacart.store.identity.Zone;
import io.dynacart.store.ring.Claim;
import io.dynacart.store.ring.PartitionId;
import io.dynacart.store.ring.Ring;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link TransferPlan}: a node receives exactly the partitions it becomes a primary of, from the current primaries. */
class TransferPlanTest {

    private static final int N = 3;
    private static final List<NodeId> NODES = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"),
            NodeId.of("n4"), NodeId.of("n5"));
    private final Ring current = Claim.initial(Map.of(NODES.get(0), 1, NODES.get(1), 1, NODES.get(2), 1,
            NODES.get(3), 1, NODES.get(4), 1), 64, N);

    @Test
    void aJoiningNodeReceivesEveryPartitionItBecomesAPrimaryOfFromTheCurrentPrimaries() {
        NodeId joiner = NodeId.of("n6");
        Ring target = Claim.join(current, joiner, 1, N);

        List<Incoming> plan = TransferPlan.incoming(joiner, current, target, N);

        Set<PartitionId> expected = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            if (target.preferenceList(PartitionId.of(i), N).primaries().contains(joiner)) {
                expected.add(PartitionId.of(i));
            }
        }
        assertThat(plan).extracting(Incoming::partition).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(plan).allSatisfy(in -> assertThat(in.sources())
                .isEqualTo(current.preferenceList(in.partition(), N).primaries()));
    }

    @Test
    void onALeaveTheLeaverReceivesNothingAndTheOthersMayPullFromIt() {
        NodeId leaver = NODES.get(2);
        Ring target = Claim.leave(current, leaver, N);

        assertThat(TransferPlan.incoming(leaver, current, target, N)).isEmpty();
        int moves = 0;
        for (NodeId node : NODES) {
            for (Incoming in : TransferPlan.incoming(node, current, target, N)) {
                moves++;
                assertThat(current.preferenceList(in.partition(), N).primaries()).doesNotContain(node);
                assertThat(target.preferenceList(in.partition(), N).primaries()).contains(node);
            }
        }
        assertThat(moves).as("each of the leaver's replica roles goes to some node").isPositive();
    }

    /**
     * Nine nodes in three zones: a leave shifts the zones' turns in the walk, so some partitions lose
     * two primaries at once (the leaver and one of another zone). Their receivers also read both
     * leaving primaries whole; where one primary changes, the first source that serves is enough.
     */
    @Test
    void whereAChangeReplacesTwoPrimariesTheReceiversSweepBothLeavingOnes() {
        Map<NodeId, Integer> weights = new LinkedHashMap<>();
        Map<NodeId, Zone> zones = new LinkedHashMap<>();
        for (int i = 1; i <= 9; i++) {
            weights.put(NodeId.of("n" + i), 1);
            zones.put(NodeId.of("n" + i), Zone.of(String.valueOf((char) ('a' + (i - 1) % 3))));
        }
        Ring zoned = Claim.initial(weights, zones, 64, N);
        Ring target = Claim.leave(zoned, NodeId.of("n7"), N);

        int swept = 0;
        for (NodeId node : weights.keySet()) {
            for (Incoming in : TransferPlan.incoming(node, zoned, target, N)) {
                List<NodeId> next = target.preferenceList(in.partition(), N).primaries();
                List<NodeId> leaving = in.sources().stream().filter(s -> !next.contains(s)).toList();
                assertThat(in.sweeps()).as("sweeps of %s for %s", in.partition(), node)
                        .isEqualTo(leaving.size() > 1 ? leaving : List.of());
                swept += in.sweeps().isEmpty() ? 0 : 1;
            }
        }
        assertThat(swept).as("partitions received with sweeps when n7 leaves").isPositive();
    }

    @Test
    void anUnchangedRingMovesNothing() {
        for (NodeId node : NODES) {
            assertThat(TransferPlan.incoming(node, current, current, N)).isEmpty();
        }
    }
}
